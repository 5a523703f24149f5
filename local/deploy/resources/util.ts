/** Reads an optional string property. */
export function str(props: Record<string, unknown>, name: string): string | undefined {
  const v = props[name];
  return v === undefined || v === null ? undefined : String(v);
}

/** Reads an optional numeric property (CloudFormation passes numbers as numbers or strings). */
export function num(props: Record<string, unknown>, name: string): number | undefined {
  const v = props[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  if (Number.isNaN(n)) throw new Error(`property ${name} is not a number: ${JSON.stringify(v)}`);
  return n;
}

/** Reads an optional boolean property (`true`/`"true"`). */
export function bool(props: Record<string, unknown>, name: string): boolean | undefined {
  const v = props[name];
  if (v === undefined || v === null) return undefined;
  return v === true || v === 'true';
}

/** Reads an optional object property. */
export function obj(props: Record<string, unknown>, name: string): Record<string, unknown> {
  const v = props[name];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Reads an optional array property. */
export function list(props: Record<string, unknown>, name: string): Record<string, unknown>[] {
  const v = props[name];
  return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
}

/** The last part of an ARN after `:` or `/`. */
export function arnName(arn: string): string {
  return arn.split(/[:/]/).at(-1) ?? arn;
}
