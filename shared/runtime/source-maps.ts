import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Source-mapped stack traces that cost nothing until the first stack trace.
 *
 * `--enable-source-maps` makes Node read and `JSON.parse` a module's source
 * map, and measure every line of the module, when the module loads — about
 * 20 ms for a 1 MB bundle, paid by every cold start (measured with
 * `npm run bench:coldstart`). Node reads maps only for modules loaded after
 * source maps were enabled, so turning them on later with
 * `process.setSourceMapsEnabled(true)` does not map the bundle that is
 * already loaded. Instead this sets `Error.prepareStackTrace` (V8's stack
 * trace API), and reads the map beside a bundle (`<file>.map`, as esbuild
 * writes it) the first time one of the bundle's frames is formatted.
 *
 * Frames print as Node prints them with `--enable-source-maps`: original
 * file, line and column, and the original function name where the map has
 * one. Frames of files without a map keep V8's own text.
 *
 * Does nothing when Node's own source maps are on (`--enable-source-maps`
 * or `process.setSourceMapsEnabled(true)`) or when code other than Node set
 * `Error.prepareStackTrace`: either already decides the format.
 * @returns whether the lazy formatter was installed.
 */
export function installLazySourceMaps(): boolean {
  if (process.sourceMapsEnabled || !isNodeDefault(Error.prepareStackTrace)) return false;
  Error.prepareStackTrace = formatStack;
  return true;
}

/**
 * Node 22 and later set `Error.prepareStackTrace` to a function of their own,
 * `ErrorPrepareStackTrace`, that delegates to the internal formatter; older
 * versions leave it undefined.
 */
function isNodeDefault(prepare: unknown): boolean {
  return (
    prepare === undefined ||
    (typeof prepare === 'function' && prepare.name === 'ErrorPrepareStackTrace')
  );
}

/** A bundle's source map and the folder its `sources` are relative to. */
interface LoadedMap {
  readonly map: SourceMap;
  readonly dir: string;
}

/** Maps by generated file (`file:` URL or path); `null` when the file has none. */
const maps = new Map<string, LoadedMap | null>();

function sourceMapOf(fileName: string): LoadedMap | null {
  let map = maps.get(fileName);
  if (map === undefined) {
    map = readSourceMap(fileName);
    maps.set(fileName, map);
  }
  return map;
}

function readSourceMap(fileName: string): LoadedMap | null {
  if (fileName.startsWith('node:')) return null;
  try {
    const path = fileName.startsWith('file:') ? fileURLToPath(fileName) : fileName;
    const map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    return { map, dir: dirname(path) };
  } catch {
    // No map beside the file, or not a map: the frame keeps its generated position.
    return null;
  }
}

/** `Error.prepareStackTrace`: the error's `toString()`, then one line per frame. */
export function formatStack(error: Error, callSites: NodeJS.CallSite[]): string {
  const header = errorHeader(error);
  const frames = callSites.map((site) => `\n    at ${formatCallSite(site)}`);
  return header + frames.join('');
}

function errorHeader(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}

function formatCallSite(site: NodeJS.CallSite): string {
  try {
    return mapCallSite(site) ?? String(site);
  } catch {
    // A stack trace must never throw; an unmappable frame keeps V8's text.
    return String(site);
  }
}

/** The frame in original positions, or `undefined` when it has no mapping. */
function mapCallSite(site: NodeJS.CallSite): string | undefined {
  const fileName = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!fileName || line === null || column === null) return undefined;
  const loaded = sourceMapOf(fileName);
  if (!loaded) return undefined;
  // Source map positions are zero-based; V8's are one-based.
  const entry = loaded.map.findEntry(line - 1, column - 1);
  if (!('originalSource' in entry)) return undefined;
  // As Node does, sources are shown as absolute paths, resolved from the map's folder.
  const source = resolve(loaded.dir, entry.originalSource);
  const location = `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  const name = originalName(loaded.map, site) ?? site.getFunctionName();
  const typeName = site.isToplevel() || site.isConstructor() ? null : site.getTypeName();
  const qualified = name && typeName ? `${typeName}.${name}` : name;
  const prefix = site.isAsync() ? 'async ' : site.isConstructor() ? 'new ' : '';
  return qualified ? `${prefix}${qualified} (${location})` : `${prefix}${location}`;
}

/**
 * The original name of the frame's function: the name the map records at the
 * start of the enclosing function (esbuild records the names it minifies).
 */
function originalName(map: SourceMap, site: NodeJS.CallSite): string | undefined {
  const line = site.getEnclosingLineNumber();
  const column = site.getEnclosingColumnNumber();
  if (!line || !column) return undefined;
  // Node's entries carry the map's `name`, which @types/node does not declare.
  const { name } = map.findEntry(line - 1, column - 1) as { name?: unknown };
  return typeof name === 'string' && name !== '' ? name : undefined;
}
