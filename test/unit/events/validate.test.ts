import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors';
import type { EventType } from '../../../shared/events/catalog';
import { validateEventData } from '../../../shared/events/validate';

describe('Function: validateEventData', () => {
  it('returns the data, unknown keys stripped', () => {
    expect(validateEventData('StockAdded', { sku: 'A', quantity: 2, extra: true })).toEqual({
      sku: 'A',
      quantity: 2,
    });
  });

  it('throws a ValidationError listing each bad field with its path', () => {
    // Act
    let error: unknown;
    try {
      validateEventData('OrderPlaced', {
        orderId: 'o-1',
        customerId: 'c-1',
        lines: [{ sku: 'A', quantity: 0, unitPrice: { amount: 1, currency: 'eur' } }],
        total: { amount: 1, currency: 'EUR' },
      });
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).subject).toBe('OrderPlaced data');
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
      'data.lines.0.quantity',
      'data.lines.0.unitPrice.currency',
    ]);
  });

  it('throws for a type that is not in the catalog', () => {
    expect(() => validateEventData('OrderShipped' as EventType, {})).toThrow(
      "Invalid event: type: unknown event type 'OrderShipped'",
    );
  });
});
