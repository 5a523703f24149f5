import { describe, expect, it } from 'vitest';
import { exitOnCloudFailure } from '../../../../local/cli/exit-on-failure';
import type { RunningApp } from '../../../../local/run-app';

describe('Function: exitOnCloudFailure', () => {
  it('says what failed, stops the app, then exits with code 2', async () => {
    // Prepare
    const steps: string[] = [];
    const app = { stop: async () => void steps.push('stopped') } as unknown as RunningApp;
    const exited = new Promise<number>((resolve) => {
      const onFailure = exitOnCloudFailure(
        () => app,
        (text) => void steps.push(text.trim()),
        resolve,
      );

      // Act
      onFailure(new Error('DynamoDB Local exited unexpectedly (signal SIGKILL)'));
    });

    // Assess
    expect(await exited).toBe(2);
    expect(steps).toEqual([
      'eventline: DynamoDB Local exited unexpectedly (signal SIGKILL)',
      'eventline: stopping the local cloud (exit code 2).',
      'stopped',
    ]);
  });

  it('exits with code 2 even when the app is not deployed yet or fails to stop', async () => {
    // Prepare
    const lines: string[] = [];
    const failing = {
      stop: async () => {
        throw new Error('endpoint already closed');
      },
    } as unknown as RunningApp;

    // Act
    const codes = await Promise.all(
      [undefined, failing].map(
        (app) =>
          new Promise<number>((resolve) =>
            exitOnCloudFailure(
              () => app,
              (text) => void lines.push(text.trim()),
              resolve,
            )(new Error('gone')),
          ),
      ),
    );

    // Assess
    expect(codes).toEqual([2, 2]);
    expect(lines).toContain('eventline: stopping failed too: Error: endpoint already closed');
  });

  it('acts on the first failure only', async () => {
    // Prepare
    const exits: number[] = [];
    let stops = 0;
    const app = { stop: async () => void stops++ } as unknown as RunningApp;
    const onFailure = exitOnCloudFailure(
      () => app,
      () => {},
      (code) => void exits.push(code),
    );

    // Act
    onFailure(new Error('first'));
    onFailure(new Error('second'));
    await new Promise((resolve) => setImmediate(resolve));

    // Assess
    expect(stops).toBe(1);
    expect(exits).toEqual([2]);
  });
});
