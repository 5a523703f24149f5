/**
 * Per-entry PutEvents error codes that AWS documents as retryable
 * (`PutEventsResultEntry.ErrorCode`).
 */
const RETRYABLE_ENTRY_CODES: ReadonlySet<string> = new Set([
  'InternalFailure',
  'ThrottlingException',
]);

/**
 * Per-entry codes about the entry's own content: no retry, now or later, can
 * make EventBridge accept it. The other documented non-retryable codes
 * (`AccessDeniedException`, `NotAuthorizedFor…`, `InvalidAccountIdException`)
 * are about configuration, which an operator can fix while the stream waits.
 */
const CONTENT_ENTRY_CODES: ReadonlySet<string> = new Set(['MalformedDetail', 'InvalidArgument']);

/** What to do about a failed entry. */
export type EntryFailureKind = 'retry' | 'stop' | 'content';

/**
 * Classifies a failed entry's `ErrorCode`. Codes AWS may add later are
 * retried: the retries are bounded, and a transient failure must not stop
 * the stream needlessly.
 */
export function classifyEntryError(code: string): EntryFailureKind {
  if (RETRYABLE_ENTRY_CODES.has(code)) return 'retry';
  if (CONTENT_ENTRY_CODES.has(code)) return 'content';
  if (code.endsWith('Exception') || code === 'RedactionFailure') return 'stop';
  return 'retry';
}

/**
 * True when a failed PutEvents call is worth retrying: throttling, a server
 * fault, or no answer at all (network, timeout). A client fault
 * (`AccessDeniedException`, `ResourceNotFoundException` for a missing bus,
 * `ValidationException`) fails the same way again.
 */
export function isRetryableCallError(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  const service = error as Error & {
    $fault?: 'client' | 'server';
    $retryable?: { throttling?: boolean };
  };
  if (service.$retryable || /Throttl/.test(error.name)) return true;
  return service.$fault !== 'client';
}
