import { describe, expect, it } from 'vitest';
import {
  defineOperations,
  defineOperationsOn,
  runOperation,
} from '../../../../local/core/operations';

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

  describe('Function: defineOperationsOn', () => {
    it('binds each operation to the parts it is written over', async () => {
      // Prepare
      const counter = { count: 0 };
      const bound = {
        targetPrefix: 'Counter',
        operations: defineOperationsOn(counter, {
          Add: (parts, input) => {
            parts.count += Number(input.by);
            return { count: parts.count };
          },
        }),
      };

      // Act
      await runOperation(bound, 'Add', { by: 2 });
      const answer = await runOperation(bound, 'Add', { by: 3 });

      // Assess
      expect(answer).toEqual({ count: 5 });
      expect(counter.count).toBe(5);
    });
  });
});
