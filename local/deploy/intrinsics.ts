/**
 * Resolves CloudFormation intrinsic functions in a synthesized template to
 * local values: `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`,
 * `Fn::Split`, `Fn::If` (with the template's conditions), `Fn::Equals`,
 * `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`, `Fn::ImportValue`,
 * `Fn::Base64`, `Fn::GetAZs` and the pseudo parameters. Anything else is an
 * error naming the function and where it was found, never a silent pass.
 */

/** Where the resolver gets the values it cannot compute itself. */
export interface IntrinsicContext {
  /** Value of `Ref` to a resource, parameter or pseudo parameter. */
  ref(logicalId: string): unknown;
  /** Value of `Fn::GetAtt` on a resource. */
  getAtt(logicalId: string, attribute: string): unknown;
  /** Value of a cross-stack export. */
  importValue(exportName: string): unknown;
  /** Evaluated value of a named condition. */
  condition(name: string): boolean;
}

/** `AWS::NoValue`: a property set to it is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** An intrinsic could not be resolved. */
export class IntrinsicError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntrinsicError';
  }
}

type Json = unknown;

/** Resolves every intrinsic in `value`, recursively. `path` names the place for errors. */
export function resolveIntrinsics(value: Json, ctx: IntrinsicContext, path = ''): Json {
  if (Array.isArray(value)) {
    return value
      .map((item, i) => resolveIntrinsics(item, ctx, `${path}[${i}]`))
      .filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, Json>;
  const keys = Object.keys(record);
  if (keys.length === 1) {
    const key = keys[0] as string;
    if (key === 'Ref' || key === 'Condition' || key.startsWith('Fn::')) {
      return resolveFunction(key, record[key], ctx, path);
    }
  }
  const out: Record<string, Json> = {};
  for (const key of keys) {
    const resolved = resolveIntrinsics(record[key], ctx, path ? `${path}.${key}` : key);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

function resolveFunction(name: string, arg: Json, ctx: IntrinsicContext, path: string): Json {
  const at = path || '(root)';
  const resolve = (v: Json) => resolveIntrinsics(v, ctx, `${path}.${name}`);
  switch (name) {
    case 'Ref': {
      if (typeof arg !== 'string') throw new IntrinsicError(`Ref at ${at} needs a string`);
      if (arg === 'AWS::NoValue') return NO_VALUE;
      return ctx.ref(arg);
    }
    case 'Fn::GetAtt': {
      const [logicalId, attribute] =
        typeof arg === 'string' ? splitOnce(arg, '.') : (resolve(arg) as [string, string]);
      if (typeof logicalId !== 'string' || typeof attribute !== 'string') {
        throw new IntrinsicError(`Fn::GetAtt at ${at} needs [logicalId, attribute]`);
      }
      return ctx.getAtt(logicalId, attribute);
    }
    case 'Fn::Join': {
      const [separator, items] = expectArray(arg, 2, name, at) as [Json, Json];
      const list = resolve(items);
      if (typeof separator !== 'string' || !Array.isArray(list)) {
        throw new IntrinsicError(`Fn::Join at ${at} needs [separator, [values]]`);
      }
      return list.map((item) => stringify(item, name, at)).join(separator);
    }
    case 'Fn::Sub':
      return substitute(arg, ctx, at, resolve);
    case 'Fn::Select': {
      const [index, items] = expectArray(arg, 2, name, at) as [Json, Json];
      const i = Number(resolve(index));
      const list = resolve(items);
      if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) {
        throw new IntrinsicError(`Fn::Select at ${at}: index ${String(i)} is out of range`);
      }
      return list[i];
    }
    case 'Fn::Split': {
      const [separator, source] = expectArray(arg, 2, name, at) as [Json, Json];
      const text = resolve(source);
      if (typeof separator !== 'string' || typeof text !== 'string') {
        throw new IntrinsicError(`Fn::Split at ${at} needs [separator, string]`);
      }
      return text.split(separator);
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = expectArray(arg, 3, name, at) as [Json, Json, Json];
      if (typeof condition !== 'string') {
        throw new IntrinsicError(`Fn::If at ${at} needs a condition name`);
      }
      return resolve(ctx.condition(condition) ? whenTrue : whenFalse);
    }
    case 'Condition': {
      if (typeof arg !== 'string') throw new IntrinsicError(`Condition at ${at} needs a name`);
      return ctx.condition(arg);
    }
    case 'Fn::Equals': {
      const [a, b] = expectArray(arg, 2, name, at) as [Json, Json];
      return JSON.stringify(resolve(a)) === JSON.stringify(resolve(b));
    }
    case 'Fn::And':
      return (resolve(arg) as Json[]).every((v) => v === true);
    case 'Fn::Or':
      return (resolve(arg) as Json[]).some((v) => v === true);
    case 'Fn::Not': {
      const [v] = expectArray(arg, 1, name, at);
      return resolve(v) !== true;
    }
    case 'Fn::ImportValue': {
      const exportName = resolve(arg);
      if (typeof exportName !== 'string') {
        throw new IntrinsicError(`Fn::ImportValue at ${at} needs a string`);
      }
      return ctx.importValue(exportName);
    }
    case 'Fn::Base64':
      return Buffer.from(stringify(resolve(arg), name, at)).toString('base64');
    case 'Fn::GetAZs': {
      const region = String(ctx.ref('AWS::Region'));
      return [`${region}a`, `${region}b`, `${region}c`];
    }
    default:
      throw new IntrinsicError(`${name} at ${at} is not supported by the local cloud`);
  }
}

function substitute(
  arg: Json,
  ctx: IntrinsicContext,
  at: string,
  resolve: (v: Json) => Json,
): string {
  const [template, variables] = Array.isArray(arg) ? arg : [arg, {}];
  if (typeof template !== 'string') {
    throw new IntrinsicError(`Fn::Sub at ${at} needs a template string`);
  }
  const vars = resolve(variables ?? {}) as Record<string, Json>;
  // `${!Literal}` writes `${Literal}` unchanged, per the CloudFormation docs.
  return template.replace(/\$\{([^}]+)\}/g, (_match, expr: string) => {
    if (expr.startsWith('!')) return `\${${expr.slice(1)}}`;
    if (Object.hasOwn(vars, expr)) return stringify(vars[expr], 'Fn::Sub', at);
    const dot = expr.indexOf('.');
    if (dot > 0 && !expr.startsWith('AWS::')) {
      return stringify(ctx.getAtt(expr.slice(0, dot), expr.slice(dot + 1)), 'Fn::Sub', at);
    }
    return stringify(ctx.ref(expr), 'Fn::Sub', at);
  });
}

function expectArray(arg: Json, length: number, name: string, at: string): Json[] {
  if (!Array.isArray(arg) || arg.length !== length) {
    throw new IntrinsicError(`${name} at ${at} needs an array of ${length}`);
  }
  return arg;
}

function splitOnce(text: string, separator: string): [string, string] {
  const i = text.indexOf(separator);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
}

function stringify(value: Json, name: string, at: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new IntrinsicError(`${name} at ${at}: cannot use ${JSON.stringify(value)} as a string`);
}
