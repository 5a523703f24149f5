import { randomUUID } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { RunningApp } from '../local/run-app';
import type { LambdaFunctionRuntime } from '../local/services/lambda/runtime/LambdaFunctionRuntime';
import type { Variant } from './simulation';

/**
 * Deliberately broken variants of the app, made through the local cloud's
 * hooks after the deploy (the app's code is never edited): each imitates one
 * classic mistake, so a test can show the simulator finds it.
 */
export const VARIANTS = {
  /**
   * The notifier without its idempotency guard: every delivery of an
   * `OrderConfirmed`/`OrderCancelled` sends an email, duplicates included.
   */
  'notifier-without-idempotency': (app) => {
    const runtime = functionNamed(app, 'NotifierFunction');
    const ses = new SESv2Client({
      endpoint: app.cloud.url,
      region: app.cloud.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // The event source mapping holds the runtime itself, so the runtime's invoke is swapped.
    runtime.invoke = async (event) => {
      const records = (event as { Records?: { body: string }[] }).Records ?? [];
      for (const record of records) {
        const body = JSON.parse(record.body) as {
          'detail-type'?: string;
          detail?: { data?: { orderId?: string } };
        };
        const orderId = body.detail?.data?.orderId;
        const kind = body['detail-type'] === 'OrderConfirmed' ? 'confirmed' : 'cancelled';
        if (!orderId) continue;
        await ses.send(
          new SendEmailCommand({
            FromEmailAddress: 'orders@eventline.example',
            Destination: { ToAddresses: ['customer@sim.example'] },
            Content: {
              Simple: {
                Subject: { Data: `Your order ${orderId} is ${kind}` },
                Body: { Text: { Data: 'sent without an idempotency guard' } },
              },
            },
          }),
        );
      }
      return { payload: JSON.stringify({ batchItemFailures: [] }), requestId: randomUUID() };
    };
  },
  /**
   * A saga whose `ReleaseStock` compensation does nothing — and without the
   * cancellation consumer's sweep behind it, which would otherwise release
   * what the saga left (two layers, so both are removed): a declined or
   * rejected order is cancelled but keeps its stock.
   */
  'saga-without-release': (app) => {
    const sweeper = functionNamed(app, 'CancellationFunction');
    sweeper.invoke = async () => ({
      payload: JSON.stringify({ batchItemFailures: [] }),
      requestId: randomUUID(),
    });
    const runtime = functionNamed(app, 'OrderSagaSteps');
    const { functionName, functionArn } = runtime.props;
    // Step Functions invokes through the Lambda service: a function registered under the same name replaces it.
    app.cloud.lambda.register({
      functionName,
      functionArn,
      invoke: async (event) =>
        (event as { step?: string }).step === 'ReleaseStock'
          ? { payload: JSON.stringify({ released: [] }), requestId: randomUUID() }
          : runtime.invoke(event),
    });
  },
} satisfies Record<string, Variant>;

export type VariantName = keyof typeof VARIANTS;

function functionNamed(app: RunningApp, part: string): LambdaFunctionRuntime {
  for (const [name, runtime] of app.deployment.runtime.functions)
    if (name.includes(part)) return runtime;
  throw new Error(`no deployed function named like ${part}`);
}
