import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from '../../../../local/services/lambda/runtime/ConcurrencyGate';

describe('Class: ConcurrencyGate', () => {
  describe('Method: enter', () => {
    it('lets `slots` invocations run and makes the next ones wait, in arrival order', async () => {
      // Prepare
      const gate = new ConcurrencyGate({ limit: 100, slots: 2 });
      const order: string[] = [];

      // Act
      const entries = ['a', 'b', 'c', 'd'].map((name) =>
        (gate.enter() as Promise<void>).then(() => order.push(name)),
      );
      await Promise.resolve();
      await Promise.resolve();
      const before = { running: gate.running, waiting: gate.waiting, order: [...order] };
      gate.leave();
      gate.leave();
      await Promise.all(entries);

      // Assess
      expect(before).toEqual({ running: 2, waiting: 2, order: ['a', 'b'] });
      expect(order).toEqual(['a', 'b', 'c', 'd']);
      expect(gate.running).toBe(2);
      expect(gate.waiting).toBe(0);
    });

    it('refuses an invocation once running and waiting ones reach the limit', () => {
      // Prepare
      const gate = new ConcurrencyGate({ limit: 3, slots: 1 });

      // Act
      const admitted = [gate.enter(), gate.enter(), gate.enter()];
      const refused = gate.enter();

      // Assess
      expect(admitted.every((entry) => entry !== undefined)).toBe(true);
      expect(refused).toBeUndefined();
    });

    it('refuses every invocation at a limit of 0', () => {
      expect(new ConcurrencyGate({ limit: 0, slots: 10 }).enter()).toBeUndefined();
    });

    it('admits again once an invocation leaves', async () => {
      // Prepare
      const gate = new ConcurrencyGate({ limit: 1, slots: 1 });
      await gate.enter();

      // Act
      const whileBusy = gate.enter();
      gate.leave();
      const afterLeave = gate.enter();

      // Assess
      expect(whileBusy).toBeUndefined();
      await expect(afterLeave).resolves.toBeUndefined();
    });
  });

  describe('Method: close', () => {
    it('fails the waiting invocations and every later one with the given error', async () => {
      // Prepare
      const gate = new ConcurrencyGate({ limit: 10, slots: 1 });
      await gate.enter();
      const waiting = gate.enter();

      // Act
      gate.close(new Error('shut down'));

      // Assess
      await expect(waiting).rejects.toThrow('shut down');
      await expect(gate.enter()).rejects.toThrow('shut down');
    });
  });

  describe('Constructor', () => {
    it('fails on a negative or fractional limit, and on fewer than one slot', () => {
      expect(() => new ConcurrencyGate({ limit: -1, slots: 1 })).toThrow(/limit .* got -1/);
      expect(() => new ConcurrencyGate({ limit: 1.5, slots: 1 })).toThrow(/got 1.5/);
      expect(() => new ConcurrencyGate({ limit: 1, slots: 0 })).toThrow(/slots .* got 0/);
    });
  });
});
