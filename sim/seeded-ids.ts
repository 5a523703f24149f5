import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { seededRandom } from '../local/core/seeded-random';

/**
 * The ids this process makes with `node:crypto` (`randomUUID`,
 * `randomBytes`) and Web Crypto (`crypto.randomUUID`), seedable per run: the
 * local cloud's message ids, request ids and SES message ids are then the
 * same in every run of a seed, as the functions' are (their environments
 * seed their own). Modules take `randomUUID` when they load, so the
 * replacements are installed when this module loads — the simulator imports
 * it before any other — and draw from the run's seed while one is set, from
 * the real source otherwise. Not for anything secret.
 */
const real = { randomUUID: crypto.randomUUID, randomBytes: crypto.randomBytes };
let random: (() => number) | undefined;

const bytes = (size: number, source: () => number): Buffer => {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = Math.floor(source() * 256);
  return out;
};

const randomUUID = (): `${string}-${string}-${string}-${string}-${string}` => {
  if (!random) return real.randomUUID();
  const b = bytes(16, random);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

function randomBytes(size: number): Buffer;
function randomBytes(size: number, callback: (error: Error | null, buf: Buffer) => void): void;
function randomBytes(
  size: number,
  callback?: (error: Error | null, buf: Buffer) => void,
): Buffer | undefined {
  if (!random) {
    if (!callback) return real.randomBytes(size);
    real.randomBytes(size, callback);
    return undefined;
  }
  const out = bytes(size, random);
  if (!callback) return out;
  process.nextTick(callback, null, out);
  return undefined;
}

Object.assign(crypto, { randomUUID, randomBytes });
syncBuiltinESMExports();
globalThis.crypto.randomUUID = randomUUID;

/** Draws this process's ids from `seed` until the returned function is called. */
export function seedProcessIds(seed: number): () => void {
  random = seededRandom(seed);
  return () => {
    random = undefined;
  };
}
