import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../infra/app';

interface Violation {
  ruleName: string;
  violatingConstructs: { constructPath: string }[];
}
interface SuppressedViolation extends Violation {
  reason: string;
  acknowledgedAt: string;
}
interface Report {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: Violation[];
    suppressedViolations: SuppressedViolation[];
  }[];
}

function nagReport(outdir: string) {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
  const nag = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
  if (!nag) throw new Error('no AwsSolutions report');
  return nag;
}

/** The real app, bundling skipped (nag reads templates only). */
function eventlineApp(stage: string) {
  const outdir = mkdtempSync(join(tmpdir(), 'eventline-nag-'));
  const app = createApp(
    new App({
      outdir,
      context: { stage, senderEmail: 'orders@shop.example', 'aws:cdk:bundling-stacks': [] },
    }),
  );
  return { app, outdir };
}

describe('cdk-nag AwsSolutions checks', () => {
  it.each(['dev', 'prod'])(
    'pass on the whole %s app, every finding acknowledged where it occurs, with a reason',
    (stage) => {
      // Prepare
      const { app, outdir } = eventlineApp(stage);

      // Act
      const assembly = app.synth();

      // Assess: no error or warning annotation on any stack, and nag content.
      const messages = assembly.stacks.flatMap((st) => st.messages);
      expect(messages.filter((m) => m.level !== 'info')).toEqual([]);
      const nag = nagReport(outdir);
      expect(nag.conclusion).toBe('success');
      expect(nag.violations).toEqual([]);
      const byRule = new Map<string, string[]>();
      for (const v of nag.suppressedViolations) {
        // Acknowledged at the construct that has the finding, never stack- or app-wide.
        expect(v.acknowledgedAt.split('/').length, v.acknowledgedAt).toBeGreaterThan(1);
        expect(v.reason.length, v.ruleName).toBeGreaterThan(60);
        byRule.set(v.ruleName, [
          ...(byRule.get(v.ruleName) ?? []),
          ...v.violatingConstructs.map((c) => c.constructPath),
        ]);
      }
      expect([...byRule.keys()].sort()).toEqual([
        'AwsSolutions-IAM5[Resource::*]',
        expect.stringMatching(
          /^AwsSolutions-IAM5\[Resource::<OrderSagaSteps[0-9A-F]{8}\.Arn>:\*\]$/,
        ),
        'AwsSolutions-SQS3',
      ]);
      // Resource "*" only on the execution roles' default policies (X-Ray, ListStreams).
      for (const path of byRule.get('AwsSolutions-IAM5[Resource::*]') ?? []) {
        expect(path).toMatch(/Role\/DefaultPolicy\/Resource$/);
      }
      // The failure destinations that are not a queue's redrive DLQ (cdk-nag knows those).
      expect(byRule.get('AwsSolutions-SQS3')).toEqual([
        `eventline-${stage}/Outbox/FailureQueue/Resource`,
        `eventline-${stage}/Projector/TargetDeadLetterQueue/Resource`,
        `eventline-${stage}/Notifier/TargetDeadLetterQueue/Resource`,
        `eventline-${stage}/OrderSaga/Starter/TargetDeadLetterQueue/Resource`,
        `eventline-${stage}/Cancellation/TargetDeadLetterQueue/Resource`,
      ]);
    },
    60_000,
  );

  it('fails the synth on a finding that is not acknowledged', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'eventline-nag-'));
    const app = new App({ outdir });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // A queue that accepts plain HTTP and has no DLQ.
    new Queue(new Stack(app, 'Bad'), 'Plain');

    expect(() => app.synth()).toThrow();
    expect(nagReport(outdir).conclusion).toBe('failure');
  });

  it('fails the synth on a wildcard resource elsewhere in the stack: acknowledgments do not spread', () => {
    // Prepare: the real app plus a role outside the functions with Resource "*".
    const { app, outdir } = eventlineApp('dev');
    const stack = app.node.findChild('eventline-dev') as Stack;
    new Role(stack, 'Intruder', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    }).addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] }));

    // Act
    expect(() => app.synth()).toThrow();

    // Assess
    const nag = nagReport(outdir);
    expect(nag.violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
    expect(nag.violations[0]?.violatingConstructs.map((c) => c.constructPath)).toEqual([
      'eventline-dev/Intruder/DefaultPolicy/Resource',
    ]);
  }, 60_000);
});
