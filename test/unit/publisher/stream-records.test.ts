import type { AttributeValue as StreamAttributeValue } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { eventRecords, fromStreamImage } from '../../../shared/publisher';
import { eventInsertRecord, sequenceOf, streamRecord } from '../../helpers/stream-records';

describe('Function: fromStreamImage', () => {
  it("turns the Lambda event's base64 binaries into bytes, through lists and maps", () => {
    // Prepare: the image as a Lambda event carries it.
    const image: Record<string, StreamAttributeValue> = {
      s: { S: 'text' },
      n: { N: '42' },
      b: { B: Buffer.from('hi').toString('base64') },
      m: {
        M: {
          bs: { BS: [Buffer.from([1, 2]).toString('base64')] },
          l: { L: [{ BOOL: true }, { NULL: true }] },
        },
      },
      ss: { SS: ['x'] },
      ns: { NS: ['1'] },
    };

    // Act
    const item = fromStreamImage(image);

    // Assess
    expect(item).toEqual({
      s: { S: 'text' },
      n: { N: '42' },
      b: { B: new Uint8Array(Buffer.from('hi')) },
      m: {
        M: {
          bs: { BS: [new Uint8Array([1, 2])] },
          l: { L: [{ BOOL: true }, { NULL: true }] },
        },
      },
      ss: { SS: ['x'] },
      ns: { NS: ['1'] },
    });
  });
});

describe('Function: eventRecords', () => {
  it('decodes event inserts in order, with their sequence numbers', () => {
    const records = [
      eventInsertRecord('a', 1, { sku: 'A', quantity: 1 }),
      eventInsertRecord('a', 2),
    ];

    const decoded = eventRecords(records);

    expect(decoded.map((r) => r.sequenceNumber)).toEqual(records.map(sequenceOf));
    expect(decoded[0]).toMatchObject({
      event: { streamId: 'a', version: 1, type: 'StockAdded', data: { sku: 'A', quantity: 1 } },
    });
  });

  it('returns an undecodable event item with its position and the reason, instead of dropping it', () => {
    const record = streamRecord('INSERT', {
      streamId: { S: 'a' },
      version: { N: '7' },
      kind: { S: 'event' },
    });

    const [decoded] = eventRecords([record]);

    expect(decoded).toMatchObject({ sequenceNumber: sequenceOf(record), position: 'a@7' });
    expect(decoded && 'error' in decoded ? decoded.error.message : '').toBe(
      "event item is missing string attribute 'eventId'",
    );
  });
});
