import type { ResourceRequest } from './types';

/**
 * A deterministic physical name for a resource that has none, like
 * CloudFormation's `<stack>-<logicalId>-<suffix>` without the random suffix
 * (each local deployment starts from empty services). Characters outside
 * `[A-Za-z0-9-_]` are dropped; the name is cut from the left of the logical
 * id so that the distinguishing end survives.
 */
export function physicalName(request: ResourceRequest, maxLength: number): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '');
  const full = `${clean(request.stackName)}-${clean(request.logicalId)}`;
  return full.length <= maxLength ? full : full.slice(full.length - maxLength);
}
