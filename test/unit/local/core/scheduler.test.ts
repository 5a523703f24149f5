import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../../local/core/console-logger';
import { DeterministicScheduler, MAIN_ACTOR } from '../../../../local/core/scheduler';
import { settle } from '../../../../local/core/work-in-flight';

/** Admits a request and records when the scheduler lets it through. */
function admitted(scheduler: DeterministicScheduler, actor: string, seq: number, log: string[]) {
  return scheduler.admit(actor, seq).then(() => {
    log.push(`${actor}:${seq}`);
  });
}

/**
 * Holds `requests` (given in this order) as their workers would send them
 * (each reports it waits on its request), answers each as soon as it goes and
 * has its worker read the answer; returns the order they went in.
 */
async function grantOrder(seed: number, requests: readonly [string, number][]): Promise<string[]> {
  const scheduler = new DeterministicScheduler({ seed, logger: memoryLogger() });
  const order: string[] = [];
  for (const [actor, seq] of requests) {
    scheduler.addWorker(actor);
    scheduler.report(actor, { messages: 0, waiting: [seq] });
  }
  await Promise.all(
    requests.map(([actor, seq]) =>
      scheduler.admit(actor, seq).then(() => {
        order.push(`${actor}:${seq}`);
        scheduler.answered(actor, seq);
        scheduler.report(actor, { messages: 0, waiting: [] });
      }),
    ),
  );
  return order;
}

describe('Class: DeterministicScheduler', () => {
  it('holds a request while a worker has not taken the message posted to it', async () => {
    // Prepare
    const scheduler = new DeterministicScheduler({ seed: 1, logger: memoryLogger() });
    scheduler.addWorker('fn#1');
    scheduler.posted('fn#1');
    const log: string[] = [];

    // Act
    const request = admitted(scheduler, MAIN_ACTOR, 1, log);
    await settle();
    await settle();
    const whileBusy = [...log];
    scheduler.report('fn#1', { messages: 1, waiting: [] });
    await request;

    // Assess
    expect(whileBusy).toEqual([]);
    expect(log).toEqual(['main:1']);
  });

  it('holds requests while a worker waits on a request that has not arrived yet', async () => {
    // Prepare
    const scheduler = new DeterministicScheduler({ seed: 1, logger: memoryLogger() });
    scheduler.addWorker('fn#1');
    scheduler.report('fn#1', { messages: 0, waiting: [1] });
    const log: string[] = [];

    // Act
    const first = admitted(scheduler, MAIN_ACTOR, 1, log);
    await settle();
    await settle();
    const beforeArrival = [...log];
    const second = admitted(scheduler, 'fn#1', 1, log);
    await Promise.race([first, second]);

    // Assess
    expect(beforeArrival).toEqual([]);
    expect(log).toHaveLength(1);
    expect(scheduler.granted).toBe(1);
  });

  it("holds requests while this process's own request is in transit, and while I/O is forwarded", async () => {
    // Prepare
    const scheduler = new DeterministicScheduler({ seed: 3, logger: memoryLogger() });
    const inTransit = scheduler.mainRequest();
    const log: string[] = [];
    let endIo: () => void = () => {};
    const io = scheduler.trackIo(new Promise<void>((resolve) => (endIo = resolve)));

    // Act
    const held = admitted(scheduler, 'fn#9', 1, log);
    await settle();
    await settle();
    const whileBoth = [...log];
    const arrived = admitted(scheduler, MAIN_ACTOR, inTransit.seq, log);
    await settle();
    await settle();
    const whileIo = [...log];
    endIo();
    await io;
    await Promise.race([held, arrived]);

    // Assess
    expect(whileBoth).toEqual([]);
    expect(whileIo).toEqual([]);
    expect(log).toHaveLength(1);
  });

  it('lets the next request through only once the one being forwarded is answered and read', async () => {
    // Prepare
    const scheduler = new DeterministicScheduler({ seed: 5, logger: memoryLogger() });
    for (const actor of ['a#1', 'b#1']) {
      scheduler.addWorker(actor);
      scheduler.report(actor, { messages: 0, waiting: [1] });
    }
    const log: string[] = [];
    let answer: () => void = () => {};
    // What the endpoint does with a granted DynamoDB request: forward it, then answer.
    const forward = (actor: string) =>
      scheduler.admit(actor, 1).then(async () => {
        log.push(actor);
        await scheduler.trackIo(new Promise<void>((resolve) => (answer = resolve)));
        scheduler.answered(actor, 1);
      });

    // Act
    const both = [forward('a#1'), forward('b#1')];
    await settle();
    await settle();
    await settle();
    const whileForwarding = [...log];
    answer();
    await settle();
    await settle();
    await settle();
    const answeredUnread = [...log];
    scheduler.report(whileForwarding[0] as string, { messages: 0, waiting: [] });
    await settle();
    await settle();
    await settle();
    answer();
    await Promise.all(both);

    // Assess
    expect(whileForwarding).toHaveLength(1);
    // Answered but not yet read by its worker: the other still waits.
    expect(answeredUnread).toHaveLength(1);
    expect(log).toHaveLength(2);
  });

  it('draws the same order for the same seed, whatever order the requests arrived in', async () => {
    // Prepare
    const requests: [string, number][] = [
      ['a#1', 1],
      ['b#1', 1],
      ['c#1', 1],
      ['d#1', 1],
      ['e#1', 1],
    ];

    // Act
    const forward = await grantOrder(7, requests);
    const again = await grantOrder(7, requests);
    const reversed = await grantOrder(7, [...requests].reverse());

    // Assess
    expect(again).toEqual(forward);
    expect(reversed).toEqual(forward);
  });

  it('draws different orders for different seeds', async () => {
    // Prepare
    const requests: [string, number][] = [
      ['a#1', 1],
      ['b#1', 1],
      ['c#1', 1],
      ['d#1', 1],
    ];

    // Act
    const orders = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) orders.add((await grantOrder(seed, requests)).join(' '));

    // Assess: 24 orders are possible; a seed that did not matter would give one.
    expect(orders.size).toBeGreaterThan(5);
  });

  it('lets a request through when the cloud does not come to rest in time, and counts it', async () => {
    // Prepare
    const logger = memoryLogger();
    const scheduler = new DeterministicScheduler({ seed: 1, logger, forceAfterMs: 0 });
    scheduler.addWorker('silent#1');
    scheduler.posted('silent#1');

    // Act
    await scheduler.admit(MAIN_ACTOR, 1);

    // Assess
    expect(scheduler.forced).toBe(1);
    expect(logger.lines.join('\n')).toContain('silent#1 has taken 0 of 1 messages');
  });

  it('runs a read of the state at rest, and lets no other request through until it has returned', async () => {
    // Prepare: a worker busy with a posted message, and a worker's request waiting.
    const scheduler = new DeterministicScheduler({ seed: 1, logger: memoryLogger() });
    scheduler.addWorker('fn#1');
    scheduler.posted('fn#1');
    scheduler.addWorker('fn#2');
    scheduler.report('fn#2', { messages: 0, waiting: [1] });
    const log: string[] = [];
    const other = admitted(scheduler, 'fn#2', 1, log);

    // Act: the read is asked for while fn#1 is busy.
    const read = scheduler.atRest('read', () => {
      log.push('read');
      return 42;
    });
    await settle();
    await settle();
    const whileBusy = [...log];
    scheduler.report('fn#1', { messages: 1, waiting: [] });
    await Promise.race([read, other]);
    const first = [...log];
    await Promise.all([read, other]);

    // Assess: nothing while fn#1 was busy; then one at a time (the read returned before fn#2's went).
    expect(whileBusy).toEqual([]);
    expect(first).toHaveLength(1);
    expect(await read).toBe(42);
    expect(log.sort()).toEqual(['fn#2:1', 'read']);
    expect(scheduler.granted).toBe(2);
  });

  it('lets every held request through once closed', async () => {
    // Prepare
    const scheduler = new DeterministicScheduler({ seed: 1, logger: memoryLogger() });
    scheduler.addWorker('fn#1');
    scheduler.posted('fn#1');
    const log: string[] = [];
    const held = [admitted(scheduler, 'x#1', 1, log), admitted(scheduler, 'y#1', 1, log)];

    // Act
    scheduler.close();
    await Promise.all(held);

    // Assess
    expect(log.sort()).toEqual(['x#1:1', 'y#1:1']);
  });
});
