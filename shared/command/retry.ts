import { ValidationError } from '../errors';
import type { RetryDefaults, RetryOptions } from '../runtime/retry';
import { backoffDelay as jitteredDelay, retryOptionIssues } from '../runtime/retry';

export type { RetryOptions } from '../runtime/retry';

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_BASE_DELAY_MS = 10;
export const DEFAULT_MAX_DELAY_MS = 1000;

/**
 * How a command handler retries after a version conflict, unless told
 * otherwise: 8 attempts, back-off ceiling 10 ms doubling up to 1 s.
 */
export const COMMAND_RETRY: RetryDefaults = {
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  baseDelayMs: DEFAULT_BASE_DELAY_MS,
  maxDelayMs: DEFAULT_MAX_DELAY_MS,
};

/**
 * Checks a command handler's retry options eagerly.
 * @throws ValidationError naming each bad field and its value.
 */
export function validateRetryOptions(options: RetryOptions = {}): void {
  const issues = retryOptionIssues(options);
  if (issues.length > 0) throw new ValidationError('command handler options', issues);
}

/** The command handler's back-off before retry number `attempt` (see `shared/runtime/retry`). */
export function backoffDelay(attempt: number, options: RetryOptions = {}): number {
  return jitteredDelay(attempt, options, COMMAND_RETRY);
}
