#!/usr/bin/env node
// `npm start` and `npm run baraza`: runs a compiled entry point (dist/main.js,
// or dist/cli.js with `cli` as first argument) in this same node process.
//
//   node scripts/start.mjs               Baraza (src/main.ts)
//   node scripts/start.mjs cli db migrate   the command line (src/cli.ts)
//
// If a source changed since dist/ was built (an edit, a `git pull`), it first
// rebuilds, in about a second, so that what starts is always the code in src/.
// Nothing else sits between npm and Baraza: no TypeScript loader and no child
// process, so the started process is the one that runs, signals reach it, and
// its memory is Baraza's alone. `npm run dev` runs the sources with tsx.
import { pathToFileURL } from "node:url";
import { entries, entryFile, ensureBuilt } from "./build.mjs";

const [first, ...rest] = process.argv.slice(2);
const name = first !== undefined && Object.hasOwn(entries, first) ? first : "main";
const args = name === first ? rest : process.argv.slice(2);

try {
  await ensureBuilt();
} catch (error) {
  // esbuild's message names the file, line and problem.
  console.error(`Baraza cannot start: its build failed.\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

// The entry sees the arguments as if it had been started itself (`node dist/cli.js db migrate`).
const file = entryFile(name);
process.argv.splice(1, process.argv.length - 1, file, ...args);
await import(pathToFileURL(file).href);
