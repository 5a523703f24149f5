/**
 * `npm run local:endpoint`: the local cloud's AWS services alone (DynamoDB
 * Local with streams, SQS, EventBridge, Lambda invoke), without the app.
 * Point any AWS SDK or CLI at the printed URL with AWS_ENDPOINT_URL.
 */
import { startLocalCloud } from '../cloud';
import { parsePorts } from './options';

const { port } = parsePorts(process.argv.slice(2), process.env, { port: 4599, apiPort: 0 });
const cloud = await startLocalCloud({ port });
console.log(`AWS endpoint: ${cloud.url}`);
console.log(
  `  export AWS_ENDPOINT_URL=${cloud.url} AWS_REGION=${cloud.region} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local`,
);
console.log('Ctrl-C stops it.');
const stop = async () => {
  await cloud.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
