import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { seededRandom } from '../local/core/seeded-random';

/**
 * Seeds the ids this process makes with `node:crypto` (`randomUUID`,
 * `randomBytes`) and Web Crypto (`crypto.randomUUID`) until the returned function restores them: the local
 * cloud's message ids, request ids and SES message ids are then the same in
 * every run of a seed, as the functions' are (their environments seed their
 * own). The simulator's process runs one seed at a time, so it may.
 * Not for anything secret.
 */
export function seedProcessIds(seed: number): () => void {
  const random = seededRandom(seed);
  const real = { randomUUID: crypto.randomUUID, randomBytes: crypto.randomBytes };
  const bytes = (size: number): Buffer => {
    const out = Buffer.alloc(size);
    for (let i = 0; i < size; i++) out[i] = Math.floor(random() * 256);
    return out;
  };
  const randomUUID = (): `${string}-${string}-${string}-${string}-${string}` => {
    const b = bytes(16);
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    const hex = b.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  const randomBytes = (size: number, callback?: (error: Error | null, buf: Buffer) => void) => {
    const out = bytes(size);
    if (callback) process.nextTick(callback, null, out);
    return out;
  };
  const web = globalThis.crypto;
  const realWeb = web.randomUUID;
  Object.assign(crypto, { randomUUID, randomBytes });
  syncBuiltinESMExports();
  web.randomUUID = randomUUID;
  return () => {
    Object.assign(crypto, real);
    syncBuiltinESMExports();
    web.randomUUID = realWeb;
  };
}
