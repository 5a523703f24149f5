import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../infra/app';

interface Report {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: unknown[];
    suppressedViolations: { ruleName: string }[];
  }[];
}

function report(outdir: string): Report {
  return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
}

describe('cdk-nag AwsSolutions checks', () => {
  it('pass on the whole app, every finding acknowledged with a reason', () => {
    // Prepare: the real app, bundling skipped (nag reads templates only).
    const outdir = mkdtempSync(join(tmpdir(), 'eventline-nag-'));
    const app = createApp(new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } }));

    // Act
    app.synth();

    // Assess
    const nag = report(outdir).pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(nag?.conclusion).toBe('success');
    expect(nag?.violations).toEqual([]);
    expect([...new Set(nag?.suppressedViolations.map((v) => v.ruleName))].sort()).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-SQS3',
    ]);
  }, 60_000);

  it('fails the synth on a finding that is not acknowledged', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'eventline-nag-'));
    const app = new App({ outdir });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // A queue that accepts plain HTTP and has no DLQ.
    new Queue(new Stack(app, 'Bad'), 'Plain');

    expect(() => app.synth()).toThrow();
    const nag = report(outdir).pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(nag?.conclusion).toBe('failure');
  });
});
