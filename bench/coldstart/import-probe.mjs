// Runs in a fresh Node.js process started by bench/coldstart: imports one
// bundle, checks that it exports its handler, and prints one JSON line with
// the import's wall time and the process's CPU time during the import.
import { pathToFileURL } from 'node:url';

const [bundle, handlerName] = process.argv.slice(2);
const cpuBefore = process.cpuUsage();
const start = performance.now();
const module = await import(pathToFileURL(bundle).href);
const importMs = performance.now() - start;
const cpu = process.cpuUsage(cpuBefore);
if (typeof module[handlerName] !== 'function') {
  throw new Error(`${bundle} does not export a function named ${handlerName}`);
}
process.stdout.write(
  `\n${JSON.stringify({ importMs, cpuMs: (cpu.user + cpu.system) / 1000, startMs: start })}\n`,
);
