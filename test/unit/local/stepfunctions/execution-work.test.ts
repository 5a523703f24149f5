import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../local/core/clock';
import { ExecutionWork } from '../../../../local/services/stepfunctions/execution-work';

/** A promise and the function that settles it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('Class: ExecutionWork', () => {
  it('is work in flight from the start, between states and while a state runs', async () => {
    // Prepare
    const clock = new ManualClock();
    const work = new ExecutionWork(clock, 'execution e-1');
    const atStart = clock.workInFlight;
    const task = gate();

    // Act
    const state = work.state(() => task.promise);
    const whileRunning = clock.workInFlight;
    task.open();
    await state;
    const betweenStates = clock.workInFlight;

    // Assess
    expect(atStart).toEqual(['execution e-1']);
    expect(whileRunning).toEqual(['execution e-1']);
    expect(betweenStates).toEqual(['execution e-1']);
  });

  it('is not work while its only state waits on the clock, and is again once the wait ends', async () => {
    // Prepare
    const clock = new ManualClock();
    const work = new ExecutionWork(clock, 'execution e-2');

    // Act
    const state = work.state(() => work.onClock(clock.sleep(60_000)));
    await clock.idle();
    const whileWaiting = clock.workInFlight;
    await clock.advance(60_000, { waitForWork: false });
    const afterWait = clock.workInFlight;
    await state;

    // Assess
    expect(whileWaiting).toEqual([]);
    expect(afterWait).toEqual(['execution e-2']);
  });

  it('stays work while one parallel branch waits on the clock and another runs', async () => {
    // Prepare
    const clock = new ManualClock();
    const work = new ExecutionWork(clock, 'execution e-3');
    const task = gate();

    // Act
    const waiting = work.state(() => work.onClock(clock.sleep(1_000)));
    const running = work.state(() => task.promise);
    const oneRunning = clock.workInFlight;
    task.open();
    await running;
    const onlyTheWaitingLeft = clock.workInFlight;
    await clock.advance(1_000, { waitForWork: false });
    await waiting;

    // Assess
    expect(oneRunning).toEqual(['execution e-3']);
    expect(onlyTheWaitingLeft).toEqual([]);
  });

  it('ends its mark for good when the execution finishes', () => {
    // Prepare
    const clock = new ManualClock();
    const work = new ExecutionWork(clock, 'execution e-4');

    // Act
    work.finish();

    // Assess
    expect(clock.workInFlight).toEqual([]);
  });
});
