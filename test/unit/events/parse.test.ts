import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors';
import { EventParseError } from '../../../shared/events/errors';
import { parseEventBridgeEvent, parseSqsEventBridgeMessage } from '../../../shared/events/parse';

const metadata = {
  eventId: '3f1c9a52-8a4e-4d8e-9d0a-0b1c2d3e4f50',
  schemaVersion: 2,
  streamId: 'order-o-1',
  version: 1,
  occurredAt: '2026-03-01T10:00:00.000Z',
  correlationId: 'corr-1',
  causationId: 'cmd-1',
};
const data = {
  orderId: 'o-1',
  customerId: 'c-1',
  lines: [{ sku: 'A', quantity: 2, unitPrice: { amount: 250, currency: 'EUR' } }],
  total: { amount: 500, currency: 'EUR' },
};
const event = (overrides: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'eb-1',
  source: 'eventline.orders',
  'detail-type': 'OrderPlaced',
  detail: { metadata, data },
  ...overrides,
});

function parseError(run: () => unknown): EventParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof EventParseError) return error;
    throw error;
  }
  throw new Error('expected an EventParseError');
}

describe('Function: parseEventBridgeEvent', () => {
  it('parses a valid event into a typed envelope', () => {
    const envelope = parseEventBridgeEvent(event());
    expect(envelope.type).toBe('OrderPlaced');
    if (envelope.type === 'OrderPlaced')
      expect(envelope.data.total).toEqual({ amount: 500, currency: 'EUR' });
    expect(envelope.metadata.replay).toBeUndefined();
  });

  it('upcasts v1 data (total as bare cents) to v2', () => {
    const envelope = parseEventBridgeEvent(
      event({
        detail: { metadata: { ...metadata, schemaVersion: 1 }, data: { ...data, total: 500 } },
      }),
    );
    expect(envelope.data).toMatchObject({ total: { amount: 500, currency: 'EUR' } });
    expect(envelope.metadata.schemaVersion).toBe(2);
  });

  it('reads replay-name into metadata.replay', () => {
    const envelope = parseEventBridgeEvent(event({ 'replay-name': 'rebuild-1' }));
    expect(envelope.metadata.replay).toEqual({ replayName: 'rebuild-1' });
  });

  it('fails naming the type when it is not in the catalog', () => {
    const error = parseError(() => parseEventBridgeEvent(event({ 'detail-type': 'OrderShipped' })));
    expect(error.eventType).toBe('OrderShipped');
    expect(error.issues).toEqual([
      { path: 'detail-type', message: 'unknown event type "OrderShipped"' },
    ]);
  });

  it('fails when the source is not the catalog source', () => {
    const error = parseError(() => parseEventBridgeEvent(event({ source: 'eventline.payments' })));
    expect(error.message).toMatch(/source: must be 'eventline.orders'/);
  });

  it('fails naming the path of a bad nested field', () => {
    const bad = structuredClone(data);
    (bad.lines[0] as { quantity: number }).quantity = -1;
    const error = parseError(() =>
      parseEventBridgeEvent(event({ detail: { metadata, data: bad } })),
    );
    expect(error.eventType).toBe('OrderPlaced');
    expect(error.issues.map((i) => i.path)).toEqual(['detail.data.lines.0.quantity']);
  });

  it('fails naming the metadata field that is invalid', () => {
    const error = parseError(() =>
      parseEventBridgeEvent(
        event({ detail: { metadata: { ...metadata, eventId: 'nope' }, data } }),
      ),
    );
    expect(error.issues[0]?.path).toBe('detail.metadata.eventId');
  });

  it('fails naming the v1 field when v1 data cannot be upcast', () => {
    const error = parseError(() =>
      parseEventBridgeEvent(
        event({
          detail: { metadata: { ...metadata, schemaVersion: 1 }, data: { ...data, total: '500' } },
        }),
      ),
    );

    expect(error.eventType).toBe('OrderPlaced');
    expect(error.issues).toEqual([
      {
        path: 'detail.data.total',
        message: 'Invalid input: expected number, received string (as schemaVersion 1)',
      },
    ]);
  });

  it('fails when the detail is missing', () => {
    const error = parseError(() => parseEventBridgeEvent(event({ detail: undefined })));

    expect(error.issues).toEqual([{ path: 'detail', message: 'must be an object' }]);
  });

  it('fails when the event is not an object', () => {
    expect(parseError(() => parseEventBridgeEvent('OrderPlaced')).issues).toEqual([
      { path: '', message: 'must be an object' },
    ]);
  });

  it('is a ValidationError, so HTTP and batch code can treat it as bad input', () => {
    const error = parseError(() => parseEventBridgeEvent(event({ 'detail-type': 'Nope' })));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.name).toBe('EventParseError');
    expect(error.message).toBe('Invalid Nope event: detail-type: unknown event type "Nope"');
  });

  it('fails when the schemaVersion is newer than the code knows', () => {
    const error = parseError(() =>
      parseEventBridgeEvent(
        event({ detail: { metadata: { ...metadata, schemaVersion: 3 }, data } }),
      ),
    );
    expect(error.issues[0]?.message).toMatch(/newer than this code's 2/);
  });
});

describe('Function: parseSqsEventBridgeMessage', () => {
  it('parses an EventBridge event delivered as an SQS body', () => {
    expect(parseSqsEventBridgeMessage(JSON.stringify(event())).metadata.eventId).toBe(
      metadata.eventId,
    );
  });

  it('reads replay-name of a replayed event delivered through SQS', () => {
    const body = JSON.stringify(event({ 'replay-name': 'rebuild-2' }));

    expect(parseSqsEventBridgeMessage(body).metadata.replay).toEqual({ replayName: 'rebuild-2' });
  });

  it('fails with the path of a bad field inside the SQS body', () => {
    const body = JSON.stringify(event({ detail: { metadata, data: { ...data, customerId: '' } } }));

    expect(parseError(() => parseSqsEventBridgeMessage(body)).issues[0]?.path).toBe(
      'detail.data.customerId',
    );
  });

  it('fails when the body is not JSON', () => {
    expect(parseError(() => parseSqsEventBridgeMessage('{nope')).message).toMatch(/not JSON/);
  });
});
