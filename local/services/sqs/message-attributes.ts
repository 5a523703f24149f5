import { ALLOWED_CHARACTERS_TEXT, INVALID_MESSAGE_CHARACTER, SqsLimits } from './constants';
import { SqsErrors } from './errors';
import type { MessageAttributeValue } from './md5';

const NAME = /^[A-Za-z0-9_.-]+$/;
const DATA_TYPE = /^(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Kind = 'user' | 'system';

/**
 * Checks message attributes as `SendMessage` does: at most 10, names of
 * `[A-Za-z0-9_.-]` (no `AWS.`/`Amazon.` prefix, no leading, trailing or
 * doubled period, ≤256), a `String`/`Number`/`Binary` type with an optional
 * custom suffix, and a non-empty value of that type. System attributes:
 * `AWSTraceHeader` only, of type `String`.
 * @throws AwsServiceError `InvalidParameterValue` naming the attribute.
 */
export function validateMessageAttributes(
  raw: unknown,
  kind: Kind,
): Record<string, MessageAttributeValue> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw SqsErrors.invalidParameterValue(`Message (${kind}) attributes must be a map.`);
  const entries = Object.entries(raw as Record<string, unknown>);
  if (kind === 'user' && entries.length > SqsLimits.maxMessageAttributes) {
    throw SqsErrors.invalidParameterValue(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${SqsLimits.maxMessageAttributes}].`,
    );
  }
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of entries) {
    checkName(name, kind);
    out[name] = checkValue(name, value, kind);
  }
  return out;
}

/** Bytes attributes add to a message's size: names, types and values. */
export function messageAttributesSize(attributes: Record<string, MessageAttributeValue>): number {
  let bytes = 0;
  for (const [name, a] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(a.DataType);
    bytes +=
      a.BinaryValue !== undefined
        ? Buffer.from(a.BinaryValue, 'base64').length
        : Buffer.byteLength(a.StringValue ?? '');
  }
  return bytes;
}

/** Refuses text SQS cannot store, naming the first bad character. */
export function checkMessageText(text: string, where: string): void {
  const bad = INVALID_MESSAGE_CHARACTER.exec(text);
  if (bad) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase();
    throw SqsErrors.invalidMessageContents(
      `Invalid binary character '#x${code}' was found in ${where}, the set of allowed characters is ${ALLOWED_CHARACTERS_TEXT}`,
    );
  }
}

function checkName(name: string, kind: Kind): void {
  if (kind === 'system') {
    if (name !== 'AWSTraceHeader')
      throw SqsErrors.invalidParameterValue(
        `Message system attribute name '${name}' is invalid. The only supported name is AWSTraceHeader.`,
      );
    return;
  }
  const invalid =
    name.length === 0 ||
    name.length > SqsLimits.maxAttributeNameLength ||
    !NAME.test(name) ||
    /^(aws|amazon)\./i.test(name) ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..');
  if (invalid) {
    throw SqsErrors.invalidParameterValue(
      `Message (user) attribute name '${name}' is invalid. Names use A-Z, a-z, 0-9, underscore, hyphen and period (not first, last or twice in a row), are at most 256 characters, and may not start with AWS. or Amazon.`,
    );
  }
}

function checkValue(name: string, raw: unknown, kind: Kind): MessageAttributeValue {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const type = value.DataType;
  if (typeof type !== 'string' || type.length === 0)
    throw SqsErrors.invalidParameterValue(
      `The message (${kind}) attribute '${name}' must contain a non-empty message attribute type.`,
    );
  if (
    !DATA_TYPE.test(type) ||
    type.length > SqsLimits.maxAttributeTypeLength ||
    (kind === 'system' && type !== 'String')
  ) {
    throw SqsErrors.invalidParameterValue(
      `The type of message (${kind}) attribute '${name}' is invalid. You must use only the following supported type prefixes: ${kind === 'system' ? 'String' : 'Binary, Number, String'}.`,
    );
  }
  if (value.StringListValues !== undefined || value.BinaryListValues !== undefined)
    throw SqsErrors.invalidParameterValue(
      `Message (${kind}) attribute '${name}': StringListValues and BinaryListValues are not supported.`,
    );
  const base = type.split('.')[0] as 'String' | 'Number' | 'Binary';
  const empty = () =>
    SqsErrors.invalidParameterValue(
      `Message (${kind}) attribute '${name}' must contain a non-empty value of type '${base}'.`,
    );
  if (base === 'Binary') {
    const binary = value.BinaryValue;
    if (typeof binary !== 'string' || binary.length === 0 || !BASE64.test(binary)) throw empty();
    if (value.StringValue !== undefined)
      throw SqsErrors.invalidParameterValue(
        `Message (${kind}) attribute '${name}' of type Binary must not have a StringValue.`,
      );
    return { DataType: type, BinaryValue: binary };
  }
  const text = value.StringValue;
  if (typeof text !== 'string' || text.length === 0) throw empty();
  if (value.BinaryValue !== undefined)
    throw SqsErrors.invalidParameterValue(
      `Message (${kind}) attribute '${name}' of type ${base} must not have a BinaryValue.`,
    );
  if (base === 'Number' && (!NUMBER.test(text) || significantDigits(text) > 38)) {
    throw SqsErrors.invalidParameterValue(
      `Value ${text} of message attribute '${name}' is not a valid number (at most 38 digits of precision).`,
    );
  }
  checkMessageText(text, `message attribute '${name}'`);
  return { DataType: type, StringValue: text };
}

function significantDigits(text: string): number {
  const mantissa = text.replace(/^[+-]/, '').split(/[eE]/)[0] ?? '';
  return mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
}
