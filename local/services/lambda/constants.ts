/** Lambda limits and defaults the local Invoke surface applies, as AWS documents them. */
export const LambdaLimits = {
  /** Synchronous (RequestResponse) request and response payloads. */
  maxSyncPayloadBytes: 6_291_456,
  /** Asynchronous (Event) request payload, 1 MB since October 2025. */
  maxAsyncPayloadBytes: 1_048_576,
  defaultTimeoutSeconds: 3,
  minTimeoutSeconds: 1,
  maxTimeoutSeconds: 900,
  defaultMemoryMB: 128,
  /** Async invocations: retries after a function error, and the waits before them. */
  defaultMaximumRetryAttempts: 2,
  maxMaximumRetryAttempts: 2,
  retryDelaysMs: [60_000, 120_000],
  /** Async invocations: how long an event may wait (throttled) before it is dropped. */
  defaultMaximumEventAgeSeconds: 21_600,
  minMaximumEventAgeSeconds: 60,
  maxMaximumEventAgeSeconds: 21_600,
  /** Wait before an async event that met a throttle is tried again. */
  throttleRetryMs: 1_000,
  /** `X-Amz-Log-Result` carries the last 4 KB of the log. */
  maxLogTailBytes: 4_096,
} as const;

export const LATEST = '$LATEST';
