import { isIP } from 'node:net';

/** An IP address as a number, with its family. */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

// The shapes EventBridge treats as IP literals at all: dotted decimal, or hex
// groups with colons (no embedded IPv4, no zone).
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** Whether `text` has the shape of an IP literal (it may still be invalid). */
export function looksLikeIp(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

/** Parses an IPv4 or IPv6 literal; `undefined` when `text` is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (!looksLikeIp(text)) return undefined;
  const version = isIP(text);
  if (version === 4) {
    const value = text.split('.').reduce((acc, part) => (acc << 8n) + BigInt(part), 0n);
    return { version: 4, value };
  }
  if (version !== 6) return undefined;
  const [head = '', tail = ''] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = text.includes('::')
    ? [
        ...headGroups,
        ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
        ...tailGroups,
      ]
    : headGroups;
  const value = groups.reduce((acc, g) => (acc << 16n) + BigInt(Number.parseInt(g, 16)), 0n);
  return { version: 6, value };
}

/** Whether two strings are the same IP address, however written. */
export function sameIp(a: IpAddress, text: string): boolean {
  const b = parseIp(text);
  return b !== undefined && b.version === a.version && b.value === a.value;
}
