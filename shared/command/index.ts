export { UnreadableEventError } from './errors';
export type { CommandContext, CommandResult, HandleCommandOptions } from './handle-command';
export { handleCommand } from './handle-command';
export type { LoadedAggregate } from './load-aggregate';
export { loadAggregate, toDomainEvent } from './load-aggregate';
export type { RetryOptions } from './retry';
export {
  backoffDelay,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_DELAY_MS,
  validateRetryOptions,
} from './retry';
