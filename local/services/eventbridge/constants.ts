/**
 * Limits and fixed values of the local EventBridge, each from AWS's API
 * reference or user guide (named where it matters).
 */
export const EventBridgeLimits = {
  /** PutEvents takes 1 to 10 entries (API reference, `Entries`). */
  PUT_EVENTS_MAX_ENTRIES: 10,
  /**
   * Largest total entry size of one PutEvents call, measured as AWS's
   * "Calculating PutEvents event entry size" says. AWS raised it from 256 KB
   * to 1 MB on 2026-01-29 (AWS Compute Blog, "serverless services now support
   * payloads up to 1 MB"; DESIGN §3).
   */
  PUT_EVENTS_MAX_BYTES: 1024 * 1024,
  /** "Free-form string, with a maximum of 128 characters" (PutEventsRequestEntry `DetailType`). */
  DETAIL_TYPE_MAX_CHARS: 128,
  /** Each rule can have up to five targets at one time (PutTargets). */
  TARGETS_PER_RULE: 5,
  /** PutTargets takes at most 10 targets per request. */
  PUT_TARGETS_MAX_ENTRIES: 10,
  /** RemoveTargets takes at most 100 ids per request. */
  REMOVE_TARGETS_MAX_IDS: 100,
  /** `RetryPolicy.MaximumRetryAttempts`: 0–185, default 185. */
  MAX_RETRY_ATTEMPTS: 185,
  /** `RetryPolicy.MaximumEventAgeInSeconds`: 60–86400, default 86400 (24 hours). */
  MIN_EVENT_AGE_SECONDS: 60,
  MAX_EVENT_AGE_SECONDS: 86_400,
  /** `InputTransformer.InputPathsMap`: at most 100 variables. */
  INPUT_PATHS_MAX: 100,
  /** `InputTransformer.InputTemplate`: 1–8192 characters. */
  INPUT_TEMPLATE_MAX_LENGTH: 8192,
  /** `Target.Input`: at most 8192 characters. */
  INPUT_MAX_LENGTH: 8192,
  /** `Target.InputPath`: at most 256 characters. */
  INPUT_PATH_MAX_LENGTH: 256,
  /** Event pattern: at most 4096 characters in the API model (`EventPattern`). */
  EVENT_PATTERN_MAX_LENGTH: 4096,
  /** `PutEventsRequestEntry.EventBusName`: a name or ARN of 1–1600 characters. */
  EVENT_BUS_NAME_OR_ARN_LENGTH: { min: 1, max: 1600 },
  /** List operations take `Limit` 1–100. */
  LIST_MAX_LIMIT: 100,
} as const;

/** Name rules of the API model. */
export const NamePatterns = {
  /** Rule, target id, archive and replay names. */
  RESOURCE: /^[.\-_A-Za-z0-9]+$/,
  /** Event bus names (partner buses may hold `/`). */
  EVENT_BUS: /^[/.\-_A-Za-z0-9]+$/,
  /** InputPathsMap keys. */
  INPUT_PATH_KEY: /^[A-Za-z0-9_-]+$/,
} as const;

/** Name of the bus every account has. */
export const DEFAULT_EVENT_BUS = 'default';

/**
 * Back-off between delivery attempts. AWS documents "exponential back off and
 * jitter" without the numbers; these give 185 retries well within 24 hours.
 */
export const RetryBackoff = {
  INITIAL_MS: 1_000,
  MAX_MS: 5 * 60_000,
} as const;

/** Message attribute names EventBridge puts on a DLQ message (user guide, "Event retry policy and using dead-letter queues"). */
export const DlqAttributes = {
  RULE_ARN: 'RULE_ARN',
  TARGET_ARN: 'TARGET_ARN',
  ERROR_CODE: 'ERROR_CODE',
  ERROR_MESSAGE: 'ERROR_MESSAGE',
  EXHAUSTED_RETRY_CONDITION: 'EXHAUSTED_RETRY_CONDITION',
  RETRY_ATTEMPTS: 'RETRY_ATTEMPTS',
} as const;
