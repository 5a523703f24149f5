import { describe, expect, it } from 'vitest';
import {
  checkMessageText,
  messageAttributesSize,
  validateMessageAttributes,
} from '../../../../local/services/sqs/message-attributes';
import {
  makeReceiptHandle,
  parseReceiptHandle,
} from '../../../../local/services/sqs/receipt-handle';

const str = (value: string) => ({ DataType: 'String', StringValue: value });

describe('Function: validateMessageAttributes', () => {
  it('accepts String, Number and Binary values, with custom type suffixes', () => {
    const attributes = {
      'order.id': { DataType: 'String.uuid', StringValue: 'o-1' },
      amount: { DataType: 'Number.cents', StringValue: '-12.50e3' },
      blob: { DataType: 'Binary', BinaryValue: Buffer.from('x').toString('base64') },
    };

    expect(validateMessageAttributes(attributes, 'user')).toEqual(attributes);
  });

  it.each(['AWS.trace', 'amazon.x', '.lead', 'trail.', 'a..b', 'sp ace', 'x'.repeat(257), ''])(
    'throws InvalidParameterValue for the attribute name %j',
    (name) => {
      expect(() => validateMessageAttributes({ [name]: str('v') }, 'user')).toThrow(
        expect.objectContaining({
          code: 'InvalidParameterValue',
          message: expect.stringContaining('is invalid'),
        }),
      );
    },
  );

  it('throws when there are more than 10 attributes', () => {
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, str('v')]));

    expect(() => validateMessageAttributes(many, 'user')).toThrow(
      'Number of message attributes [11] exceeds the allowed maximum [10].',
    );
  });

  it.each([
    [{ DataType: 'Text', StringValue: 'v' }, 'supported type prefixes'],
    [{ StringValue: 'v' }, 'non-empty message attribute type'],
    [{ DataType: 'String', StringValue: '' }, "non-empty value of type 'String'"],
    [{ DataType: 'Number', StringValue: 'twelve' }, 'not a valid number'],
    [{ DataType: 'Number', StringValue: '1'.repeat(39) }, '38 digits'],
    [{ DataType: 'Binary' }, "non-empty value of type 'Binary'"],
    [{ DataType: 'Binary', BinaryValue: 'not base64!' }, "non-empty value of type 'Binary'"],
    [{ DataType: 'String', StringValue: 'a\u0001' }, "Invalid binary character '#x1'"],
    [{ DataType: 'String', StringListValues: ['a'] }, 'not supported'],
  ])('throws for the value %j', (value, message) => {
    expect(() => validateMessageAttributes({ a: value }, 'user')).toThrow(message);
  });

  it('accepts only AWSTraceHeader of type String as a system attribute', () => {
    expect(validateMessageAttributes({ AWSTraceHeader: str('Root=1-abc') }, 'system')).toEqual({
      AWSTraceHeader: str('Root=1-abc'),
    });
    expect(() => validateMessageAttributes({ Other: str('x') }, 'system')).toThrow(
      /AWSTraceHeader/,
    );
    expect(() =>
      validateMessageAttributes(
        { AWSTraceHeader: { DataType: 'Number', StringValue: '1' } },
        'system',
      ),
    ).toThrow(/String/);
  });
});

describe('Function: messageAttributesSize', () => {
  it('counts names, types and values, binary values decoded', () => {
    const size = messageAttributesSize({
      ab: str('héllo'),
      b: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]).toString('base64') },
    });

    expect(size).toBe(2 + 6 + 6 + (1 + 6 + 3));
  });
});

describe('Function: checkMessageText', () => {
  it.each(['\u0000', '\u0008', '\u000b', '\u001f', '\ufffe', '\ud800'])(
    'throws InvalidMessageContents for %j',
    (bad) => {
      expect(() => checkMessageText(`ok${bad}`, 'the message body')).toThrow(
        expect.objectContaining({ code: 'InvalidMessageContents' }),
      );
    },
  );

  it('accepts tabs, newlines, carriage returns and characters beyond the BMP', () => {
    expect(() => checkMessageText('a\tb\nc\rd 😀 \ud7ff \ue000', 'the message body')).not.toThrow();
  });
});

describe('Function: parseReceiptHandle', () => {
  it('reads back the queue and message of a handle, and refuses anything else', () => {
    const handle = makeReceiptHandle('arn:aws:sqs:us-east-1:000000000000:q', 'm-1');

    expect(parseReceiptHandle(handle)).toEqual({
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:q',
      messageId: 'm-1',
    });
    expect(parseReceiptHandle('not-a-handle')).toBeUndefined();
    expect(parseReceiptHandle('elq1.bm9wZQ')).toBeUndefined();
  });

  it('makes a different handle for every receive of the same message', () => {
    const arn = 'arn:aws:sqs:us-east-1:000000000000:q';

    expect(makeReceiptHandle(arn, 'm')).not.toBe(makeReceiptHandle(arn, 'm'));
  });
});
