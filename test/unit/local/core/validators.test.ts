import { describe, expect, it } from 'vitest';
import {
  modelConstraintMessage,
  optionalIntegerInRange,
  requireIntegerInRange,
  requireNumberInRange,
} from '../../../../local/core/validators';

describe('Module: validators', () => {
  describe('Function: requireIntegerInRange', () => {
    it('returns an integer within the range, the limits included', () => {
      // Act
      const values = [1, 5, 900].map((v) => requireIntegerInRange('t', v, { min: 1, max: 900 }));

      // Assess
      expect(values).toEqual([1, 5, 900]);
    });

    it.each([
      [0, { min: 1, max: 900 }, 'timeoutSeconds must be an integer from 1 to 900, got 0'],
      [901, { min: 1, max: 900 }, 'timeoutSeconds must be an integer from 1 to 900, got 901'],
      [2.5, { min: 1, max: 900 }, 'timeoutSeconds must be an integer from 1 to 900, got 2.5'],
      ['3', { min: 1, max: 900 }, 'timeoutSeconds must be an integer from 1 to 900, got "3"'],
      [-1, { min: 0 }, 'timeoutSeconds must be an integer of 0 or more, got -1'],
    ])(
      'refuses %j outside %j, naming the field, the value and the limits',
      (value, range, message) => {
        // Act
        const act = () => requireIntegerInRange('timeoutSeconds', value, range);

        // Assess
        expect(act).toThrow(new RangeError(message));
      },
    );

    it("refuses with the service's own error when it passes one", () => {
      // Prepare
      const refuse = (field: string, value: unknown, range: { min?: number; max?: number }) =>
        new Error(`${field}=${String(value)} not in ${range.min}..${range.max}`);

      // Act
      const act = () => requireIntegerInRange('MaxResults', 11, { min: 1, max: 10 }, refuse);

      // Assess
      expect(act).toThrow('MaxResults=11 not in 1..10');
    });
  });

  describe('Function: optionalIntegerInRange', () => {
    it('passes an absent value as undefined and still checks a present one', () => {
      // Act
      const absent = optionalIntegerInRange('n', undefined, { min: 1, max: 2 });
      const act = () => optionalIntegerInRange('n', 3, { min: 1, max: 2 });

      // Assess
      expect(absent).toBeUndefined();
      expect(act).toThrow('n must be an integer from 1 to 2, got 3');
    });
  });

  describe('Function: requireNumberInRange', () => {
    it('takes fractions within the range and refuses what is outside it', () => {
      // Act
      const inside = requireNumberInRange('rate', 0.25, { min: 0, max: 1 });
      const act = () => requireNumberInRange('rate', 1.5, { min: 0, max: 1 });

      // Assess
      expect(inside).toBe(0.25);
      expect(act).toThrow('rate must be a number from 0 to 1, got 1.5');
    });
  });

  describe('Function: modelConstraintMessage', () => {
    it("words a broken model constraint as AWS's JSON services do", () => {
      // Act
      const withValue = modelConstraintMessage(
        'maxResults',
        'Member must have value between 0 and 1000',
        5000,
      );
      const withNull = modelConstraintMessage('name', 'Member must not be null', undefined);
      const withoutValue = modelConstraintMessage(
        'input',
        'Member must have length less than or equal to 262144',
      );

      // Assess
      expect(withValue).toBe(
        "1 validation error detected: Value '5000' at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 1000",
      );
      expect(withNull).toBe(
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
      );
      expect(withoutValue).toBe(
        "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144",
      );
    });
  });
});
