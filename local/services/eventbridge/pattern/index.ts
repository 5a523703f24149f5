export { compileEventPattern, matchesEventPattern } from './compile-event-pattern';
export type { EventMatcher } from './EventPatternMatcher';
export { InvalidEventPatternError } from './errors';
