import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { strictEventBridgeMock } from '../../helpers/strict-eventbridge-mock';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

function fake(...args: Parameters<typeof strictEventBridgeMock>) {
  const eventBridge = strictEventBridgeMock(...args);
  restore = () => eventBridge.mock.restore();
  return eventBridge;
}

const entry = (detail = '{}'): PutEventsRequestEntry => ({
  Source: 's',
  DetailType: 'd',
  Detail: detail,
});

describe('Function: strictEventBridgeMock', () => {
  it('refuses more than 10 entries in one call with a ValidationException, as AWS does', async () => {
    const { client, calls } = fake();

    const sending = client.send(
      new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry()) }),
    );

    await expect(sending).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(sending).rejects.toThrow(/between 1 and 10 \(got 11\)/);
    expect(calls).toHaveLength(0);
  });

  it('refuses an empty call', async () => {
    const { client } = fake();

    await expect(client.send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('accepts exactly 1 MiB of entries and refuses one byte more', async () => {
    // Prepare: two entries of 524,288 bytes each (1 + 1 + detail).
    const { client } = fake();
    const half = (extra: number) => entry(`{"x":"${'y'.repeat(524_288 - 2 - 8 + extra)}"}`);

    // Act / Assess
    await expect(
      client.send(new PutEventsCommand({ Entries: [half(0), half(0)] })),
    ).resolves.toMatchObject({ FailedEntryCount: 0 });
    await expect(
      client.send(new PutEventsCommand({ Entries: [half(0), half(1)] })),
    ).rejects.toThrow(/1048577 > 1048576 bytes/);
  });

  it('counts 14 bytes for Time and UTF-8 bytes, as AWS documents', async () => {
    // Prepare: 1 MiB − 13 bytes without Time ('é' is 2 bytes), so 1 byte over with it.
    const { client } = fake();
    const detail = `{"x":"y${'é'.repeat(524_276)}"}`;
    expect(2 + Buffer.byteLength(detail)).toBe(1_048_576 - 13);

    // Act / Assess
    await expect(
      client.send(new PutEventsCommand({ Entries: [entry(detail)] })),
    ).resolves.toMatchObject({ FailedEntryCount: 0 });
    await expect(
      client.send(new PutEventsCommand({ Entries: [{ ...entry(detail), Time: new Date() }] })),
    ).rejects.toThrow(/1048577 > 1048576 bytes/);
  });

  it('fails an entry whose detail is not a JSON object, or that lacks a source', async () => {
    const { client } = fake();

    const out = await client.send(
      new PutEventsCommand({
        Entries: [entry('not json'), entry('[1]'), { DetailType: 'd', Detail: '{}' }, entry()],
      }),
    );

    expect(out.FailedEntryCount).toBe(3);
    expect(out.Entries?.map((e) => e.ErrorCode)).toEqual([
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      undefined,
    ]);
  });
});
