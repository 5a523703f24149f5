/**
 * A pattern EventBridge would refuse. The EventBridge service answers it as
 * `InvalidEventPatternException` ("Event pattern is not valid. Reason: …"),
 * with this error's message as the reason.
 */
export class InvalidEventPatternError extends Error {
  /** The dotted field path the problem is at, when it is at one. */
  readonly path: string | undefined;
  /** What is wrong, without the path. */
  readonly reason: string;

  constructor(reason: string, path?: string, options?: { cause?: unknown }) {
    super(path === undefined ? reason : `"${path}": ${reason}`, options);
    this.name = 'InvalidEventPatternError';
    this.reason = reason;
    this.path = path;
  }
}

/** Renders a pattern value for an error message, short enough to read. */
export function show(value: unknown): string {
  const text =
    value === undefined || (typeof value === 'number' && !Number.isFinite(value))
      ? String(value)
      : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
