import { expect } from 'vitest';
import type { Decider } from '../../shared/domain/decider';
import { DomainRuleError } from '../../shared/errors';

/**
 * Given / When / Then over events:
 * `spec(decider).given(events).when(command).thenEmits(expectedEvents)` or
 * `.thenThrows(code)`.
 */
export function spec<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given(events: readonly E[]) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            thenEmits(expected: readonly E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: string) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(DomainRuleError);
              expect((thrown as DomainRuleError).code).toBe(code);
            },
          };
        },
        /** The state after the given events, for assertions on `evolve`. */
        state: () => state,
      };
    },
  };
}
