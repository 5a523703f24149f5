import type { AwsServiceError } from '../../../core/errors';
import { FaultRules } from '../../../core/FaultRules';
import { LambdaErrors } from '../errors';

/** One invocation, as a fault rule sees it. */
export interface InvocationSubject {
  readonly functionName: string;
  readonly event: unknown;
}

/**
 * A fault to inject into one invocation:
 * - `before`: the invocation fails and the handler never runs (the Lambda
 *   service failed to run it);
 * - `after`: the handler runs — its side effects happen — and the invocation
 *   then fails as if the environment crashed before answering.
 * Both surface as Lambda's `ServiceException` (HTTP 500): Step Functions sees
 * `Lambda.ServiceException`, an event source mapping a failed batch.
 * - `timeout`: the handler runs — its side effects happen — past the
 *   function's timeout: the invocation answers as a timed-out one does, a
 *   function error (`X-Amz-Function-Error: Unhandled`) with
 *   `{"errorType":"Sandbox.Timedout","errorMessage":"… Task timed out after
 *   N seconds"}`, and its result is lost. (Handlers take no clock time on a
 *   manual clock, so a real timeout never fires there; this one does.)
 */
export interface InvocationFault {
  readonly when: 'before' | 'after' | 'timeout';
  /** @default 'injected fault' */
  readonly reason?: string;
}

/** Decides, per invocation, whether to inject a fault (undefined: none). */
export type FaultRule = (invocation: InvocationSubject) => InvocationFault | undefined;

/** What one injected fault did, for the caller's count. */
export interface InjectedFault extends InvocationFault {
  readonly functionName: string;
}

/**
 * The local cloud's fault-injection hook for Lambda invocations: tests and
 * the simulator add rules here instead of editing the app. Rules are asked in
 * order; the first that answers decides. Every injected fault is recorded.
 */
export class InvocationFaults extends FaultRules<
  InvocationSubject,
  InvocationFault,
  InjectedFault
> {
  /** The fault for this invocation, recorded, or undefined. */
  check(invocation: InvocationSubject): InvocationFault | undefined {
    const fault = this.decide(invocation);
    if (fault) this.injected.push({ ...fault, functionName: invocation.functionName });
    return fault;
  }

  /** The error an injected fault surfaces as. */
  static error(functionName: string, fault: InvocationFault): AwsServiceError {
    return LambdaErrors.injectedFault(functionName, fault.when, fault.reason);
  }
}
