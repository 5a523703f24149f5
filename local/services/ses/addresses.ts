import { SesErrors } from './errors';

/**
 * The address of a mailbox as SES accepts it: `local@domain`, optionally with
 * a display name (`"Orders" <orders@example.com>`).
 */
export function mailboxAddress(field: string, value: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(value);
  const address = (angle ? (angle[1] as string) : value).trim();
  // SES: an address must be UserName@[SubDomain.]Domain.TopLevelDomain.
  if (!/^[^@\s]+@[^@\s]+\.[^@\s.]+$/.test(address)) {
    throw SesErrors.badRequest(`Illegal address in ${field}: ${JSON.stringify(value)}`);
  }
  return address;
}

/** The domain of an address (lower case). */
export function domainOf(address: string): string {
  return (address.split('@')[1] ?? '').toLowerCase();
}

/**
 * Whether `address` may be sent from given the verified identities: the
 * address itself, or its domain or a parent domain of it — SES: "when you
 * verify a domain, you can send from any address on it and on its
 * subdomains".
 */
export function isVerified(address: string, identities: ReadonlySet<string>): boolean {
  if (identities.has(address.toLowerCase())) return true;
  const labels = domainOf(address).split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    if (identities.has(labels.slice(i).join('.'))) return true;
  }
  return false;
}

/** Addresses of SES's mailbox simulator, accepted in the sandbox without verification. */
export function isMailboxSimulator(address: string): boolean {
  return domainOf(address) === 'simulator.amazonses.com';
}
