import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EventlineStack } from './stacks/EventlineStack';
import { parseSenderEmail, parseStage } from './stage';

/** The CDK app: `npm run synth`, `cdk deploy -c stage=<dev|prod>`, or `npm start` locally. */
export function createApp(app = new App()): App {
  const stage = parseStage(app.node.tryGetContext('stage') ?? 'dev');
  new EventlineStack(app, `eventline-${stage}`, {
    stage,
    senderEmail: parseSenderEmail(app.node.tryGetContext('senderEmail'), stage),
    description: `eventline command side (${stage})`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  // cdk-nag's AWS Solutions rules run on every synth; unacknowledged findings fail it.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  createApp().synth();
}
