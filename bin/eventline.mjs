#!/usr/bin/env node
// Runs the TypeScript entry without a build step: tsx's ESM loader is registered
// in this process, then the entry is imported (tsx is installed by `npm ci`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/index.ts');
process.exitCode = await main(process.argv);
