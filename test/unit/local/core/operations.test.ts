import { describe, expect, it } from 'vitest';
import { defineOperations, runOperation } from '../../../../local/core/operations';

describe('Module: operations', () => {
  const service = {
    targetPrefix: 'Echo_20260101',
    operations: defineOperations({ Say: (input) => ({ said: input.text }) }),
  };

  describe('Function: runOperation', () => {
    it('runs the operation the table declares under that name', async () => {
      // Act
      const answer = await runOperation(service, 'Say', { text: 'hi' });

      // Assess
      expect(answer).toEqual({ said: 'hi' });
    });

    it.each(['Shout', 'toString', 'constructor', '__proto__'])(
      'refuses %s, which the table does not declare, with UnknownOperationException',
      async (name) => {
        // Act
        const act = runOperation(service, name, {});

        // Assess
        await expect(act).rejects.toMatchObject({
          code: 'UnknownOperationException',
          message: `Unknown operation Echo_20260101.${name}`,
        });
      },
    );
  });

  describe('Function: defineOperations', () => {
    it('refuses to add an operation once declared (the table is frozen)', () => {
      // Act
      const act = () => {
        (service.operations as Record<string, unknown>).Shout = () => ({});
      };

      // Assess
      expect(act).toThrow(TypeError);
    });
  });
});
