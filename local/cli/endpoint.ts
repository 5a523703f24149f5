/**
 * `npm run local:endpoint`: the local cloud's AWS services alone (DynamoDB
 * Local with streams, SQS, EventBridge, Step Functions, Lambda invoke),
 * without the app. Point any AWS SDK v3 client at the printed URL with
 * `AWS_ENDPOINT_URL`. Flags: `--port <n>` (0 = a free port), and
 * `--dynamodb <url>` to use a DynamoDB Local that is already running.
 */
import { startLocalCloud } from '../cloud';
import { parsePorts } from './options';

const argv = process.argv.slice(2);
const { port } = parsePorts(argv, process.env, { port: 4599, apiPort: 0 });
const dynamoIndex = argv.indexOf('--dynamodb');
const dynamoUrl = dynamoIndex >= 0 ? argv[dynamoIndex + 1] : process.env.EVENTLINE_DYNAMODB_URL;

const cloud = await startLocalCloud({
  port,
  dynamodb: dynamoUrl ? { endpoint: dynamoUrl } : 'start',
});
console.log(`AWS endpoint: ${cloud.url}`);
console.log(`  DynamoDB Local behind it: ${cloud.dynamoDbEndpoint}`);
console.log('  Serves: SQS, EventBridge, Step Functions, Lambda Invoke, DynamoDB (+ Streams)');
console.log(
  `  export AWS_ENDPOINT_URL=${cloud.url} AWS_REGION=${cloud.region} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local`,
);
console.log('Ctrl-C stops it.');

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) {
    // A second Ctrl-C does not wait for a clean stop.
    process.exit(130);
  }
  stopping = true;
  console.log(`\n${signal}: stopping the local cloud…`);
  await cloud.stop();
  console.log('stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
