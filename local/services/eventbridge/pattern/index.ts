export type { EventMatcher } from './compile-event-pattern';
export { compileEventPattern, matchesEventPattern } from './compile-event-pattern';
export { InvalidEventPatternError } from './errors';
