import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5Hex, md5OfAttributes } from '../../../../local/services/sqs/md5';

/** The bytes AWS's documented digest hashes, spelled out by hand for one attribute. */
function documentedDigest(name: string, type: string, transport: 1 | 2, value: Buffer): string {
  const u32 = (n: number) =>
    Buffer.from([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const bytes = Buffer.concat([
    u32(Buffer.byteLength(name)),
    Buffer.from(name),
    u32(Buffer.byteLength(type)),
    Buffer.from(type),
    Buffer.from([transport]),
    u32(value.length),
    value,
  ]);
  return createHash('md5').update(bytes).digest('hex');
}

describe('Function: md5OfAttributes', () => {
  it('matches the digest another SQS implementation computes for two string attributes', () => {
    // Prepare: the value LocalStack's serializer test records for these attributes.
    const attributes = {
      Hello: { DataType: 'String', StringValue: 'There' },
      General: { DataType: 'String', StringValue: 'Kenobi' },
    };

    // Act
    const digest = md5OfAttributes(attributes);

    // Assess
    expect(digest).toBe('fca026605781cb4126a1e9044df24232');
  });

  it('hashes a string attribute as length-prefixed name, type, transport byte 1 and value', () => {
    const digest = md5OfAttributes({ kind: { DataType: 'String.custom', StringValue: 'héllo' } });

    expect(digest).toBe(documentedDigest('kind', 'String.custom', 1, Buffer.from('héllo')));
  });

  it('hashes a binary attribute over its decoded bytes with transport byte 2', () => {
    const raw = Buffer.from([0, 1, 2, 250, 255]);

    const digest = md5OfAttributes({
      blob: { DataType: 'Binary', BinaryValue: raw.toString('base64') },
    });

    expect(digest).toBe(documentedDigest('blob', 'Binary', 2, raw));
  });

  it('does not depend on the order the attributes were given in', () => {
    const a = { DataType: 'Number', StringValue: '1' };
    const b = { DataType: 'String', StringValue: 'x' };

    expect(md5OfAttributes({ a, b })).toBe(md5OfAttributes({ b, a }));
  });
});

describe('Function: md5Hex', () => {
  it('hashes the UTF-8 bytes of a body as the SDK checks them', () => {
    expect(md5Hex('héllo')).toBe(
      createHash('md5').update(Buffer.from('héllo', 'utf8')).digest('hex'),
    );
  });
});
