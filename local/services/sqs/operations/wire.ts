import { optionalIntegerInRange } from '../../../core/validators';
import { SqsLimits } from '../constants';
import { SqsErrors } from '../errors';

const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** A required string parameter. */
export function requiredString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value.length === 0) throw SqsErrors.missingParameter(name);
  return value;
}

/** An optional integer parameter (undefined when absent). */
export function optionalInteger(input: Record<string, unknown>, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw SqsErrors.invalidParameter(name, value, 'It must be an integer.');
  return value;
}

/** An optional list of strings. */
export function stringList(input: Record<string, unknown>, name: string): string[] {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw SqsErrors.invalidParameter(name, value, 'It must be a list of strings.');
  return value as string[];
}

/** An optional map of strings (tags). */
export function stringMap(value: unknown, name: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw SqsErrors.invalidParameter(name, value, 'It must be a map of strings.');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** One entry of a batch request, its `Id` checked. */
export type BatchEntry = Record<string, unknown> & { readonly Id: string };

/**
 * The entries of a batch request, checked as SQS checks them before any entry
 * runs: 1 to 10, ids of `[A-Za-z0-9_-]{1,80}`, distinct.
 */
export function batchEntries(input: { readonly Entries?: unknown }): BatchEntry[] {
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0) throw SqsErrors.emptyBatchRequest();
  if (entries.length > SqsLimits.maxBatchEntries)
    throw SqsErrors.tooManyEntriesInBatchRequest(entries.length);
  const ids = new Set<string>();
  for (const entry of entries as Record<string, unknown>[]) {
    const id = entry?.Id;
    if (typeof id !== 'string' || !BATCH_ID.test(id)) throw SqsErrors.invalidBatchEntryId(id);
    if (ids.has(id)) throw SqsErrors.batchEntryIdsNotDistinct(id);
    ids.add(id);
  }
  return entries as BatchEntry[];
}

/** A `Failed` entry of a batch answer, from the error that entry met. */
export function failedEntry(id: string, error: unknown) {
  const e = error as { queryCode?: string; code?: string; message?: string; statusCode?: number };
  return {
    Id: id,
    SenderFault: (e.statusCode ?? 400) < 500,
    Code: e.queryCode ?? e.code ?? 'InternalError',
    Message: e.message ?? String(error),
  };
}

/** Runs `run` for each entry, collecting AWS's `Successful` / `Failed` lists. */
export function eachEntry<T>(
  entries: BatchEntry[],
  run: (entry: BatchEntry) => T,
): { Successful: T[]; Failed: ReturnType<typeof failedEntry>[] } {
  const Successful: T[] = [];
  const Failed: ReturnType<typeof failedEntry>[] = [];
  for (const entry of entries) {
    try {
      Successful.push(run(entry));
    } catch (error) {
      if (!(error instanceof Error) || !('code' in error)) throw error;
      Failed.push(failedEntry(entry.Id, error));
    }
  }
  return { Successful, Failed };
}

/** Pages a sorted list with SQS's opaque `NextToken`. */
export function page<T>(
  items: readonly T[],
  key: (item: T) => string,
  input: Record<string, unknown>,
  maxLimit: number,
): { items: T[]; nextToken?: string } {
  const max = optionalIntegerInRange(
    'MaxResults',
    optionalInteger(input, 'MaxResults'),
    { min: 1, max: maxLimit },
    SqsErrors.outOfRange(),
  );
  const token = input.NextToken;
  let start = 0;
  if (token !== undefined && token !== null) {
    const after = typeof token === 'string' ? Buffer.from(token, 'base64url').toString() : '';
    if (!after) throw SqsErrors.invalidParameter('NextToken', token, 'Invalid NextToken.');
    start = items.findIndex((item) => key(item) > after);
    if (start < 0) start = items.length;
  }
  const limit = max ?? maxLimit;
  const slice = items.slice(start, start + limit);
  const last = slice.at(-1);
  const more = max !== undefined && start + limit < items.length && last !== undefined;
  return more
    ? { items: slice, nextToken: Buffer.from(key(last as T)).toString('base64url') }
    : { items: slice };
}
