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
import { setFlagsFromString } from "node:v8";
import { entries, entryFile, ensureBuilt } from "./build.mjs";

// How far V8 lets its heap grow past what was live after a full collection,
// in percent. Left to itself, on a machine with memory to spare, it lets the
// heap grow to four times the live size. Baraza keeps about 42 MB live however
// many messages it handles (heap snapshots after 1,500 and 22,000 messages
// differ by 0.1 MB), but each message leaves some 80 KB of short-lived objects
// (Prisma's query interpreter, the Bot API calls) that outlive the young
// generation while other messages are under way; so under a steady stream the
// heap settled near 190 MB, most of it garbage, and the process's RSS near
// 300 MB against 155 at rest. At 30% the heap stays near 95 MB, at the cost of
// a full collection every second or two under load (about 1% more of the main
// thread's time; most of the marking is done on another thread). V8 reads the setting
// at each collection, so setting it here, before Baraza loads, takes effect
// from the start. A figure given on the command line (`node
// --heap-growing-percent=N scripts/start.mjs`) is left as it is.
//
// The young generation's size is fixed when V8 starts, so it is set on `npm
// start`'s command line (package.json): --max-semi-space-size=8 (MB, against
// 16 by default) halves the young generation's 34 MB of resident memory; with
// it RSS after 30,000 messages was 176 MB against 197, at the same rate
// (BENCH_PARTS=memory BENCH_MESSAGES=30000 npm run bench, NODE_OPTIONS set).
//
// glibc's allocator, too, is set there: MALLOC_ARENA_MAX=2. By default each
// thread that allocates (libuv's pool syncs the SQLite log, compresses,
// resolves names) may get an arena of its own, up to eight per core, and
// memory freed in one is not reused by another: with two, RSS after 100,000
// messages was 172 MB against 196, and 131 at rest against 146
// (BENCH_PARTS=memory npm run bench). It must be set before the process
// starts; running dist/main.js some other way, set it there too.
const HEAP_GROWING_PERCENT = 30;
if (!process.execArgv.some((flag) => /^--heap[-_]growing[-_]percent\b/.test(flag))) {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

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
