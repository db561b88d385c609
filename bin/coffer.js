#!/usr/bin/env node
// The `coffer` command. The TypeScript sources are compiled to dist/ by `npm install` (the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error('coffer: dist/ is missing; run `npm install` (or `npm run build`) first.');
  process.exit(1);
}
const { run } = await import(main.href);
await run(process.argv);
