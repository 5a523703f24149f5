import { isIP } from 'node:net';
import { InvalidEventPatternError } from './errors';

/** Parses `a.b.c.d/n` or an IPv6 prefix into a test for addresses inside it. */
export function parseCidr(text: string, path: string): (address: string) => boolean {
  const [ip, bitsText] = text.split('/');
  const version = isIP(ip ?? '');
  const bits = Number(bitsText);
  const max = version === 4 ? 32 : 128;
  if (
    version === 0 ||
    bitsText === undefined ||
    !Number.isInteger(bits) ||
    bits < 0 ||
    bits > max
  ) {
    throw new InvalidEventPatternError(`"${path}": "${text}" is not a CIDR range`);
  }
  const network = toBigInt(ip as string, version);
  const shift = BigInt(max - bits);
  return (address) => {
    const v = isIP(address);
    if (v !== version) return false;
    return toBigInt(address, v) >> shift === network >> shift;
  };
}

function toBigInt(ip: string, version: number): bigint {
  if (version === 4) {
    return ip.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n);
  }
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(Number.parseInt(g || '0', 16)), 0n);
}
