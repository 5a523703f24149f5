import type { Clock } from '../../local/core/clock';
import { ManualClock } from '../../local/core/clock';
import { memoryLogger } from '../../local/core/console-logger';
import { AwsEndpoint } from '../../local/core/server';
import type { AwsJsonService, LocalCloudContext, TargetDispatcher } from '../../local/core/service';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../../local/core/service';
import { LambdaService } from '../../local/services/lambda/LambdaService';
import { SqsService } from '../../local/services/sqs/SqsService';

/** An endpoint with the local SQS and Lambda only, on a manual clock, for service tests. */
export async function startServiceEndpoint(clock: Clock = new ManualClock()) {
  const logger = memoryLogger();
  const endpoint = new AwsEndpoint({ logger });
  let sqs: SqsService | undefined;
  const dispatcher: TargetDispatcher = {
    async deliver(arn, payload, options) {
      sqs?.sendToArn(arn, payload, options?.messageAttributes ?? {});
      return {};
    },
  };
  const context: LocalCloudContext = {
    clock,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    logger,
    dispatcher,
    endpointUrl: () => endpoint.url,
  };
  sqs = new SqsService(context);
  const lambda = new LambdaService(logger);
  endpoint.addService(sqs as AwsJsonService);
  endpoint.addRestRoute(lambda.route);
  const url = await endpoint.listen();
  const clientConfig = {
    endpoint: url,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return { url, clock, logger, sqs, lambda, clientConfig, stop: () => endpoint.close() };
}
