import { readFileSync } from 'node:fs';

/** Bytes of a bundle that come from one package (or one folder of ours). */
export interface CompositionEntry {
  /** npm package (`zod`, `@smithy/core`) or the first two folders of our own path (`shared/events`). */
  readonly origin: string;
  readonly bytes: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, index) => [char, index]));

/**
 * What a bundle is made of, from its source map: each generated segment's
 * characters are counted for the source it maps to, up to the next segment
 * (Source Map v3 `mappings`, base64 VLQ). Characters before a line's first
 * mapping, or in segments without a source (esbuild's own helpers), count as
 * `(generated)`. Characters are bytes for ASCII output, which esbuild emits
 * by default (`charset: ascii`).
 * @returns origins, largest first.
 */
export function bundleComposition(modulePath: string): CompositionEntry[] {
  const code = readFileSync(modulePath, 'utf8');
  const map = JSON.parse(readFileSync(`${modulePath}.map`, 'utf8')) as {
    sources: string[];
    mappings: string;
  };
  const bytes = new Map<string, number>();
  const add = (origin: string, count: number) =>
    bytes.set(origin, (bytes.get(origin) ?? 0) + count);
  const lines = code.split('\n');
  const mappingLines = map.mappings.split(';');
  let source = 0;
  lines.forEach((line, index) => {
    // Each line's segments: [column, source, line, column(, name)], relative to the previous.
    const segments = (mappingLines[index] ?? '').split(',').filter(Boolean);
    let column = 0;
    let start = 0;
    let origin = '(generated)';
    for (const segment of segments) {
      const fields = decodeVlq(segment);
      column += fields[0] ?? 0;
      add(origin, column - start);
      if (fields.length >= 4) {
        source += fields[1] ?? 0;
        origin = originOf(map.sources[source] ?? '(generated)');
      } else {
        origin = '(generated)';
      }
      start = column;
    }
    // The rest of the line, and its newline if one follows.
    add(origin, line.length - start + (index < lines.length - 1 ? 1 : 0));
  });
  return [...bytes]
    .map(([origin, count]) => ({ origin, bytes: count }))
    .sort((a, b) => b.bytes - a.bytes);
}

/** The package of a `node_modules` path, else its first two folders. */
export function originOf(source: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (inPackage) return inPackage[1] as string;
  const ours = source.replace(/^(\.\.\/)+/, '').split('/');
  return ours.slice(0, Math.min(2, ours.length - 1) || 1).join('/');
}

/** Decodes one segment's base64 VLQ values. */
function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`not a base64 VLQ digit: ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    // The lowest bit is the sign.
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}
