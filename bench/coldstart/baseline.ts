import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { eventlineBundling, PROJECT_ROOT } from '../../infra/constructs/EventlineFunction';

/**
 * Synthesizes the baseline into a fresh temporary cloud assembly: a function
 * whose code is only `baseline-handler.ts` (the DynamoDB client), bundled
 * with exactly the bundling options of every `EventlineFunction`, with the
 * same runtime and tracing, and none of eventline's environment.
 * @returns the assembly's directory.
 */
export function synthesizeBaseline(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'eventline-bench-baseline-'));
  // Asset metadata (`aws:asset:path`) is what the CDK CLI asks for too; the
  // benchmark finds each bundle through it.
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'ColdStartBaseline');
  new NodejsFunction(stack, 'SdkOnly', {
    entry: join(PROJECT_ROOT, 'bench', 'coldstart', 'baseline-handler.ts'),
    handler: 'handler',
    runtime: Runtime.NODEJS_24_X,
    tracing: Tracing.ACTIVE,
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
    bundling: eventlineBundling(),
  });
  app.synth();
  return outdir;
}
