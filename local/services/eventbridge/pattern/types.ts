/** A value an event field can hold that patterns compare: a JSON leaf. */
export type LeafValue = string | number | boolean | null;

/** Whether one event value satisfies one match value of a pattern. */
export type ValueTest = (value: LeafValue) => boolean;

/**
 * What one field of a rule asks of the event: a value that passes any of
 * `tests`, or — when `absentOk` (an `{"exists": false}` in the list) — no
 * value at all.
 */
export interface FieldCondition {
  readonly tests: readonly ValueTest[];
  readonly absentOk: boolean;
}

/** One field condition of a sub-rule, by index into the compiled field paths. */
export interface IndexedCondition extends FieldCondition {
  readonly field: number;
}

/**
 * One AND of field conditions. `$or` expands a pattern into several of
 * these; the pattern matches when any sub-rule does.
 */
export interface SubRule {
  readonly conditions: readonly IndexedCondition[];
}

/** A wildcard (or anything-but wildcard) of one field, for the complexity check. */
export interface WildcardUse {
  readonly key: string;
  readonly tokens: readonly WildcardToken[];
}

/** A literal UTF-8 byte, or the wildcard (`'*'` as a token, not a byte). */
export type WildcardToken = number | '*';

/** Collects what the whole pattern needs checked after its fields compile. */
export interface CompileContext {
  addWildcard(path: string, use: WildcardUse): void;
}

export const isLeafValue = (v: unknown): v is LeafValue =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
