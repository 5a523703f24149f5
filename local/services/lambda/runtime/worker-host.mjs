// Runs inside a worker thread: loads one Lambda function's bundled code and
// runs invocations the parent sends. Plain JavaScript on purpose: the worker
// must start the same way whether the parent runs under tsx, vitest or node.

import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { installDeterminism } from './deterministic.mjs';
import { installVirtualTime } from './virtual-time.mjs';

const { modulePath, handlerName, functionName, memoryLimitInMB, functionVersion } = workerData;
// When the cloud schedules requests (deterministic.mjs): before virtual time, whose
// timers it must not use, and before the function's code, whose randomness it seeds.
const determinism = workerData.deterministic
  ? installDeterminism({
      ...workerData.deterministic,
      post: (report) => parentPort.postMessage({ rest: report }),
    })
  : undefined;
// On a manual clock the code reads the cloud's time and its sleeps take none (virtual-time.mjs).
const virtualTime =
  workerData.virtualTimeStart !== undefined
    ? installVirtualTime(workerData.virtualTimeStart)
    : undefined;
// An answer the scheduler held back has arrived: a sleep may be due now.
if (determinism && virtualTime) determinism.onAnswer(() => virtualTime.wake());

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
  determinism?.message();
  const { id, event, requestId, timeoutMs } = message;
  // The timeout runs on the cloud's clock in the parent, from the moment the
  // handler is called; a worker cannot read that clock synchronously, so the
  // remaining time is the timeout less the time the handler has run (on
  // virtual time: less the time its sleeps took).
  let startedAt = performance.now();
  let deadline;
  const remaining = () =>
    virtualTime ? deadline - virtualTime.now() : timeoutMs - (performance.now() - startedAt);
  const context = {
    functionName,
    functionVersion,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: String(memoryLimitInMB),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, Math.round(remaining())),
    done() {},
    fail() {},
    succeed() {},
  };
  try {
    const handler = await loadHandler();
    startedAt = performance.now();
    deadline = virtualTime?.begin(message.now, timeoutMs, () =>
      parentPort.postMessage({ id, timedOut: true }),
    );
    parentPort.postMessage({ id, started: true });
    const result = await handler(event, context);
    parentPort.postMessage({ id, ok: true, payload: result === undefined ? null : result });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: toError(error) });
  } finally {
    virtualTime?.end();
    determinism?.ended();
  }
});
