import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PayloadTooLargeError, ValidationError } from '../../../shared/errors';
import {
  MAX_BODY_BYTES,
  OrderIdParameter,
  parseBody,
  pathParameter,
  SkuParameter,
  UnsupportedMediaTypeError,
} from '../../../shared/http';
import { httpEvent } from '../../helpers/http-events';

const Body = z.object({ name: z.string() });

describe('Function: parseBody', () => {
  it('accepts a body of exactly the limit and refuses one byte more, naming the size', () => {
    // Prepare: {"name":"xxx…"} padded to the byte.
    const at = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES - 11) });
    const over = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES - 10) });
    expect(Buffer.byteLength(at)).toBe(MAX_BODY_BYTES);

    // Act / Assess
    expect(parseBody(httpEvent('POST /x', { rawBody: at }), Body).name).toHaveLength(
      MAX_BODY_BYTES - 11,
    );
    expect(() => parseBody(httpEvent('POST /x', { rawBody: over }), Body)).toThrow(
      new PayloadTooLargeError('request body', MAX_BODY_BYTES + 1, MAX_BODY_BYTES),
    );
  });

  it('counts bytes, not characters', () => {
    const body = JSON.stringify({ name: 'é'.repeat(MAX_BODY_BYTES / 2) });
    expect(() => parseBody(httpEvent('POST /x', { rawBody: body }), Body)).toThrow(
      PayloadTooLargeError,
    );
  });

  it('decodes a base64 body', () => {
    const event = {
      ...httpEvent('POST /x'),
      body: Buffer.from('{"name":"b64"}').toString('base64'),
      isBase64Encoded: true,
    };
    expect(parseBody(event, Body)).toEqual({ name: 'b64' });
  });

  it('throws a ValidationError for a missing body', () => {
    expect(() => parseBody(httpEvent('POST /x'), Body)).toThrow(ValidationError);
  });
});

describe('Function: pathParameter', () => {
  it('throws naming the parameter when it is missing or invalid', () => {
    const missing = httpEvent('GET /orders/{orderId}');
    delete (missing as { pathParameters?: unknown }).pathParameters;
    expect(() => pathParameter(missing, 'orderId', OrderIdParameter)).toThrow(/orderId/);
    expect(() =>
      pathParameter(
        httpEvent('GET /inventory/{sku}', { pathParameters: { sku: 'a/b' } }),
        'sku',
        SkuParameter,
      ),
    ).toThrow('Invalid path parameters: sku: must be 1 to 64 letters');
  });
});

describe('Function: parseBody (media type and keys)', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset="UTF-8"',
  ])('accepts Content-Type %s', (contentType) => {
    const event = httpEvent('POST /x', {
      rawBody: '{"name":"n"}',
      headers: { 'content-type': contentType },
    });

    expect(parseBody(event, Body)).toEqual({ name: 'n' });
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=latin1',
    'application/jsonx',
    'application/json-patch+json',
    'multipart/form-data; boundary=x',
  ])('refuses Content-Type %s as unsupported, naming it', (contentType) => {
    const event = httpEvent('POST /x', {
      rawBody: '{"name":"n"}',
      headers: { 'content-type': contentType },
    });

    expect(() => parseBody(event, Body)).toThrow(new UnsupportedMediaTypeError(contentType));
  });

  it('refuses a body without Content-Type', () => {
    // Prepare
    const event = httpEvent('POST /x', { rawBody: '{"name":"n"}' });
    delete event.headers['content-type'];

    // Act / Assess
    expect(() => parseBody(event, Body)).toThrow('the request has no Content-Type');
  });

  it('refuses a body that repeats a key, naming it', () => {
    const event = httpEvent('POST /x', { rawBody: '{"name":"a","name":"b"}' });

    expect(() => parseBody(event, Body)).toThrow(
      new ValidationError('request body', [
        { path: 'name', message: 'repeats a key of the same object' },
      ]),
    );
  });
});
