// Runs inside a worker thread: loads one Lambda function's bundled code and
// runs invocations the parent sends. Plain JavaScript on purpose: the worker
// must start the same way whether the parent runs under tsx, vitest or node.

import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { modulePath, handlerName, functionName, memoryLimitInMB, functionVersion } = workerData;

let handlerPromise;
function loadHandler() {
  handlerPromise ??= import(pathToFileURL(modulePath).href).then((mod) => {
    const fn = mod[handlerName] ?? mod.default?.[handlerName];
    if (typeof fn !== 'function') {
      throw new Error(`${modulePath} exports no function '${handlerName}'`);
    }
    return fn;
  });
  return handlerPromise;
}

function toError(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: 'Error', errorMessage: String(error), trace: [] };
}

parentPort.on('message', async (message) => {
  const { id, event, requestId, deadline } = message;
  const context = {
    functionName,
    functionVersion,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: String(memoryLimitInMB),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
  try {
    const handler = await loadHandler();
    const result = await handler(event, context);
    parentPort.postMessage({ id, ok: true, payload: result === undefined ? null : result });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: toError(error) });
  }
});
