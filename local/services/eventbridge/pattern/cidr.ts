import { InvalidEventPatternError, show } from './errors';
import { looksLikeIp, parseIp } from './ip-address';
import type { ValueTest } from './types';

/**
 * Compiles `{"cidr": "10.0.0.0/24"}`: "You can use IP address matching for
 * IPv4 and IPv6 addresses" (EventBridge User Guide, IP address matching). An
 * event value matches when it is a string holding an address of the same
 * family inside the range, however the address is written.
 *
 * Refusals follow the service: one '/' and an integer mask are required, and
 * the mask must leave at least two addresses in the range (AWS refuses /32
 * for IPv4 and /128 for IPv6; use the address as a plain value instead).
 */
export function compileCidr(operand: unknown, path: string): ValueTest {
  if (typeof operand !== 'string') {
    throw new InvalidEventPatternError(
      `cidr match pattern must be a string, got ${show(operand)}`,
      path,
    );
  }
  const parts = operand.split('/');
  // A trailing empty part ("10.0.0.0/") counts as no mask, as on AWS.
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 2) {
    throw new InvalidEventPatternError(
      `Malformed CIDR "${operand}", one '/' required (e.g. "10.0.0.0/24")`,
      path,
    );
  }
  const [address = '', maskText = ''] = parts;
  if (!/^[+-]?\d+$/.test(maskText)) {
    throw new InvalidEventPatternError(
      `Malformed CIDR "${operand}", mask bits must be an integer`,
      path,
    );
  }
  const mask = Number(maskText);
  if (mask < 0) {
    throw new InvalidEventPatternError(
      `Malformed CIDR "${operand}", mask bits must not be negative`,
      path,
    );
  }
  const ip = parseIp(address);
  if (!ip) {
    const kind = looksLikeIp(address) ? 'Invalid' : 'Nonstandard';
    throw new InvalidEventPatternError(`${kind} IP address: ${address}`, path);
  }
  const width = ip.version === 4 ? 32 : 128;
  if (mask >= width) {
    throw new InvalidEventPatternError(
      `IPv${ip.version} mask bits must be < ${width}, got ${mask} in "${operand}"`,
      path,
    );
  }
  const shift = BigInt(width - mask);
  const network = ip.value >> shift;
  return (value) => {
    if (typeof value !== 'string') return false;
    const candidate = parseIp(value);
    return (
      candidate !== undefined &&
      candidate.version === ip.version &&
      candidate.value >> shift === network
    );
  };
}
