/**
 * Limits and names of the event-pattern language. Where a number comes from
 * AWS's documentation the comment quotes it; where it is inferred, it says so.
 */
export const PatternLimits = {
  /**
   * "Numeric matching … is limited to values between -5.0e9 and +5.0e9
   * inclusive, with 15 digits of precision, or six digits to the right of the
   * decimal point." (EventBridge User Guide, "Content filtering", Numeric
   * matching.) The open-source engine has since widened its range; we keep
   * the documented one.
   */
  NUMERIC_MAX: 5e9,
  /** Six digits to the right of the decimal point (same quotation). */
  NUMERIC_DECIMALS: 6,
  /**
   * "APIs that accept an event pattern … will throw an
   * InvalidEventPatternException if the use of $or results in over 1000 rule
   * combinations." (Same page, "Complex example with $or matching".)
   */
  MAX_OR_COMBINATIONS: 1000,
  /**
   * Wildcard "complexity": the most wildcard-pattern prefixes of one field
   * that a single input string can match at once. AWS documents that a too
   * complex wildcard rule is refused ("Rule is too complex") but not the
   * number. 10 fits every refusal observed on AWS: "*:*:*:*:*:event-bus/*"
   * (11) refused, "/Users/*\/dir/dir/dir/dir/dir/doc.txt" (7) accepted, three
   * "*:stack/<name>/*" in one field (9) accepted and four (12) refused; it is
   * also the per-rule limit the open-source engine suggests.
   */
  MAX_WILDCARD_COMPLEXITY: 10,
} as const;

/** The comparison operators of a match expression (case-sensitive). */
export const Operator = {
  PREFIX: 'prefix',
  SUFFIX: 'suffix',
  EQUALS_IGNORE_CASE: 'equals-ignore-case',
  WILDCARD: 'wildcard',
  ANYTHING_BUT: 'anything-but',
  NUMERIC: 'numeric',
  EXISTS: 'exists',
  CIDR: 'cidr',
} as const;

export const OR_KEY = '$or';

/**
 * Field names EventBridge refuses inside `$or` alternatives: the operators,
 * the numeric comparators and the words the engine reserves for future use.
 */
export const RESERVED_IN_OR: ReadonlySet<string> = new Set([
  ...Object.values(Operator),
  'exactly',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);
