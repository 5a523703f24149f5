import { describe, expect, it } from 'vitest';
import {
  CurrencyCode,
  decimalInteger,
  EmailAddress,
  freeText,
  OrderIdParameter,
  SkuParameter,
} from '../../../shared/http';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe('Schema: freeText', () => {
  it.each<[string, string]>([
    ['a NUL', 'c\u0000'],
    ['an escape sequence', '\u001b[31mX'],
    ['a newline', 'line 1\nline 2'],
    ['DEL', 'x\u007f'],
    ['a C1 control', 'x\u0085'],
  ])('refuses %s', (_label, value) => {
    const result = freeText(128).safeParse(value);

    expect(messages(result)).toEqual([
      `must not contain control characters, got ${JSON.stringify(value)}`,
    ]);
  });

  it.each<[string, string]>([
    ['a lone high surrogate', 'x\uD800'],
    ['a lone low surrogate', '\uDC00x'],
  ])('refuses %s', (_label, value) => {
    expect(messages(freeText(128).safeParse(value))).toEqual([
      'must not contain lone UTF-16 surrogates',
    ]);
  });

  it('accepts letters of any script, emoji (a surrogate pair) and spaces', () => {
    expect(freeText(128).parse('Zoë 李 🙂 changed her mind')).toBe('Zoë 李 🙂 changed her mind');
  });
});

describe('Schema: CurrencyCode', () => {
  it.each(['EUR', 'USD', 'JPY', 'CHF', 'BHD'])('accepts %s', (code) => {
    expect(CurrencyCode.parse(code)).toBe(code);
  });

  // ZZZ is unassigned; DEM was withdrawn in 2002; XXX means "no currency"; eur is not a code.
  it.each(['ZZZ', 'DEM', 'XXX', 'eur', 'EURO'])('refuses %s, naming it', (code) => {
    expect(messages(CurrencyCode.safeParse(code))).toEqual([
      `must be an ISO 4217 currency code such as EUR, got "${code}"`,
    ]);
  });
});

describe('Schema: EmailAddress', () => {
  it('accepts an address of 254 characters and refuses one of 255', () => {
    const local = 'a'.repeat(64);
    const at254 = `${local}@${'b'.repeat(185)}.com`;
    expect(at254).toHaveLength(254);

    expect(EmailAddress.parse(at254)).toBe(at254);
    expect(EmailAddress.safeParse(`a${at254}`).success).toBe(false);
  });

  it.each(['not-an-email', 'a@b', 'a b@c.de', 'a@b.de\n', ''])('refuses %j', (value) => {
    expect(EmailAddress.safeParse(value).success).toBe(false);
  });
});

describe('Schema: OrderIdParameter', () => {
  it('lower-cases an upper-case UUID: one id, whatever the case', () => {
    expect(OrderIdParameter.parse('0B1F3E4A-5B6C-4D7E-8F90-A1B2C3D4E5F6')).toBe(
      '0b1f3e4a-5b6c-4d7e-8f90-a1b2c3d4e5f6',
    );
  });
});

describe('Schema: SkuParameter', () => {
  it.each(['💥', '../../etc/passwd', 'a b', 'a\u0000', '', 'x'.repeat(65)])('refuses %j', (sku) => {
    expect(messages(SkuParameter.safeParse(sku))).toEqual([
      'must be 1 to 64 letters, digits, dots, underscores or dashes',
    ]);
  });
});

describe('Schema: decimalInteger', () => {
  it.each(['0x10', '1e1', ' 5', '5 ', '+5', '-5', '05', '', '1.0', '0b1', 'Infinity'])(
    'refuses %j',
    (value) => {
      expect(messages(decimalInteger(1, 100).safeParse(value))).toEqual([
        'must be a decimal integer (digits only)',
      ]);
    },
  );

  it('accepts digits within the bounds and refuses them beyond', () => {
    const limit = decimalInteger(1, 100);

    expect([limit.parse('1'), limit.parse('100')]).toEqual([1, 100]);
    expect(limit.safeParse('101').success).toBe(false);
    expect(limit.safeParse('0').success).toBe(false);
  });
});
