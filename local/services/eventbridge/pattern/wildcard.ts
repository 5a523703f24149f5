import { InvalidEventPatternError, show } from './errors';
import type { WildcardToken } from './types';

/** A parsed wildcard: the literal runs between its `*`s. */
export interface Wildcard {
  /** Literal text between wildcards; `segments.length - 1` stars. */
  readonly segments: readonly string[];
  /** UTF-8 bytes and stars, as the complexity check walks them. */
  readonly tokens: readonly WildcardToken[];
}

const encoder = new TextEncoder();

/**
 * Parses a wildcard value with the rules EventBridge documents for wildcard
 * matching: "*" matches zero or more characters; consecutive wildcard
 * characters are not allowed; "\*" is a literal asterisk and "\\" a literal
 * backslash, and a backslash before anything else is refused.
 */
export function parseWildcard(text: string, path: string, operator: string): Wildcard {
  const segments: string[] = [];
  const tokens: WildcardToken[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '*') {
      if (text[i + 1] === '*') {
        throw new InvalidEventPatternError(
          `${operator} ${show(text)} has consecutive wildcard characters at position ${i}`,
          path,
        );
      }
      segments.push(literal);
      tokens.push(...encoder.encode(literal), '*');
      literal = '';
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') {
        throw new InvalidEventPatternError(
          `${operator} ${show(text)} has an invalid escape at position ${i}; only \\* and \\\\ may be escaped`,
          path,
        );
      }
      literal += next;
      i++;
    } else {
      literal += c;
    }
  }
  segments.push(literal);
  tokens.push(...encoder.encode(literal));
  return { segments, tokens };
}

/**
 * Whether `value` matches the wildcard. Linear in the value (no regular
 * expression, so no backtracking blow-up): the first segment is a prefix, the
 * last a suffix, and each middle one is found leftmost in order, which is
 * optimal for `*`-only patterns.
 */
export function matchesWildcard(wildcard: Wildcard, value: string): boolean {
  const { segments } = wildcard;
  const first = segments[0] as string;
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] as string;
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    const found = value.indexOf(segment, at);
    if (found < 0 || found + segment.length > end) return false;
    at = found + segment.length;
  }
  return true;
}
