import { OR_KEY, PatternLimits, RESERVED_IN_OR } from './constants';
import { InvalidEventPatternError, show } from './errors';
import { compileFieldList } from './match-value';
import type { CompileContext, FieldCondition, SubRule, WildcardUse } from './types';

/** A pattern parsed and validated: its field paths and its `$or`-expanded sub-rules. */
export interface ParsedPattern {
  /** Dotted paths of every field the pattern tests. */
  readonly paths: readonly string[];
  readonly subRules: readonly SubRule[];
  /** Distinct wildcard patterns per field path, for the complexity limit. */
  readonly wildcards: ReadonlyMap<string, readonly WildcardUse[]>;
}

type Draft = Map<string, FieldCondition>;

/**
 * Walks a pattern object. Fields are ANDed; a field's value is a list of
 * match values or a nested object ("the field names must also appear in the
 * event with the same nesting structure"); `$or` forks the rule into one
 * sub-rule per alternative, as EventBridge compiles it.
 */
export function parsePattern(pattern: unknown): ParsedPattern {
  if (!isPlainObject(pattern)) {
    throw new InvalidEventPatternError(
      `the event pattern must be a JSON object, got ${Array.isArray(pattern) ? 'an array' : show(pattern)}`,
    );
  }
  const wildcards = new Map<string, Map<string, WildcardUse>>();
  const context: CompileContext = {
    addWildcard(path, use) {
      const uses = wildcards.get(path) ?? new Map<string, WildcardUse>();
      uses.set(use.key, use);
      wildcards.set(path, uses);
    },
  };
  const walker = new PatternWalker(context);
  const drafts = walker.object(pattern, '', [new Map()], false);

  const paths: string[] = [];
  const indexOf = new Map<string, number>();
  const subRules = drafts.map((draft) => ({
    conditions: [...draft].map(([path, condition]) => {
      let field = indexOf.get(path);
      if (field === undefined) {
        field = paths.push(path) - 1;
        indexOf.set(path, field);
      }
      return { ...condition, field };
    }),
  }));
  return {
    paths,
    subRules,
    wildcards: new Map([...wildcards].map(([path, uses]) => [path, [...uses.values()]])),
  };
}

class PatternWalker {
  #combinations = 1;

  constructor(private readonly context: CompileContext) {}

  /** Adds an object's fields to every draft; returns the drafts after its `$or`s fork them. */
  object(node: Record<string, unknown>, prefix: string, drafts: Draft[], inOr: boolean): Draft[] {
    const keys = Object.keys(node);
    if (keys.length === 0) {
      throw new InvalidEventPatternError(
        'empty objects are not allowed; name the fields to match',
        prefix === '' ? undefined : prefix,
      );
    }
    let current = drafts;
    for (const key of keys) {
      const value = node[key];
      if (key === OR_KEY) {
        current = this.or(value, prefix, current);
        continue;
      }
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (inOr && RESERVED_IN_OR.has(key)) {
        throw new InvalidEventPatternError(
          `${show(key)} is a reserved word and cannot be a field name inside $or; is a match expression missing its [ ]?`,
          path,
        );
      }
      if (Array.isArray(value)) {
        // Compiled once, shared by every sub-rule; a later key for the same
        // path replaces it ("the last reference will be the one used").
        const condition = compileFieldList(value, path, this.context);
        for (const draft of current) draft.set(path, condition);
      } else if (isPlainObject(value)) {
        current = this.object(value, path, current, inOr);
      } else {
        throw new InvalidEventPatternError(
          `must be an object or an array: match values go in an array, e.g. [${show(value)}]`,
          path,
        );
      }
    }
    return current;
  }

  /**
   * `$or` takes an array of at least two objects. "If the use of $or results
   * in over 1000 rule combinations" the pattern is refused; the combinations
   * are "the total number of arguments from each $or array" multiplied.
   */
  or(value: unknown, prefix: string, drafts: Draft[]): Draft[] {
    const where = prefix === '' ? OR_KEY : `${prefix}.${OR_KEY}`;
    if (!Array.isArray(value)) {
      throw new InvalidEventPatternError(
        `$or must be an array of alternative patterns, got ${show(value)}`,
        where,
      );
    }
    if (value.length < 2) {
      throw new InvalidEventPatternError(
        `$or needs at least 2 alternatives, got ${value.length}`,
        where,
      );
    }
    this.#combinations *= value.length;
    if (this.#combinations > PatternLimits.MAX_OR_COMBINATIONS) {
      throw new InvalidEventPatternError(
        `$or makes ${this.#combinations} rule combinations or more; at most ${PatternLimits.MAX_OR_COMBINATIONS} are allowed`,
        where,
      );
    }
    return value.flatMap((alternative, i) => {
      if (!isPlainObject(alternative)) {
        throw new InvalidEventPatternError(
          `each $or alternative must be a JSON object, got ${show(alternative)} at index ${i}`,
          where,
        );
      }
      const copies = drafts.map((draft) => new Map(draft));
      return this.object(alternative, prefix, copies, true);
    });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
