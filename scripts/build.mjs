#!/usr/bin/env node
// Compiles Baraza's entry points (src/main.ts, src/cli.ts) to plain JavaScript
// in dist/, so that production starts with plain node: no TypeScript loader in
// the process (tsx costs seconds of start and tens of MB), no npm or tsx child.
//
//   node scripts/build.mjs          build, and remove what earlier builds left in dist/
//   node scripts/build.mjs --check  exit 1 (saying why) if dist/ is older than its sources
//
// The package's postinstall runs it after the Prisma clients are generated, and
// scripts/start.mjs (npm start) rebuilds in its own process when a source has
// changed since, so a `git pull` or an edit never starts yesterday's code.
//
// What the build does, and why:
// - esbuild bundles our own modules into ES modules with code splitting, so a
//   module imported with `await import()` (the exports and their libraries, the
//   Prisma client of the database not in use) stays a chunk of its own, loaded
//   when first needed, as it is when running the sources.
// - Every npm package stays external, resolved from node_modules at run time:
//   native addons, WebAssembly and fonts are found where they were installed.
// - Every output file sits directly in dist/, and each module's
//   `import.meta.url` (also `.dirname`, `.filename`) is rewritten to name its
//   source file, so paths a module resolves relative to itself (locales/,
//   prisma/, a package through createRequire, the generated clients'
//   __dirname) are the same compiled as from the sources.
// - Source maps are written beside the code (`node --enable-source-maps` maps
//   a stack trace back to src/).
// - The stamp (dist/build.json) records each input's size and modification
//   time, and the build's own identity (this file, esbuild's version), so that
//   checking for staleness is a few hundred stat calls, without esbuild.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The programs Baraza ships: `dist/<name>.js` from each source. */
export const entries = /** @type {const} */ ({ main: "src/main.ts", cli: "src/cli.ts" });

/** Files that shape the output without being bundled (esbuild reads tsconfig.json). */
const settingsFiles = ["tsconfig.json"];

const STAMP = "build.json";

/** Where the build of `root` goes. */
export function distDir(root = repoRoot) {
  return join(root, "dist");
}

/** The compiled file of an entry point. */
export function entryFile(name, outdir = distDir()) {
  return join(outdir, `${name}.js`);
}

/** What a build depends on besides its inputs: this file and the esbuild that runs it. */
function builderIdentity() {
  const esbuildVersion = JSON.parse(readFileSync(createRequire(import.meta.url).resolve("esbuild/package.json"), "utf8")).version;
  return createHash("sha256").update(readFileSync(fileURLToPath(import.meta.url))).update(esbuildVersion).digest("hex").slice(0, 16);
}

/** Size and modification time: a restored older file differs as surely as an edited one. */
function fingerprint(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats ? [stats.size, stats.mtimeMs] : null;
}

/**
 * Why the build in `outdir` no longer matches the sources under `root`, in a
 * few words (`src/flows/baraza.ts changed`), or null when it does. Reads the
 * stamp and stats the files it lists; never loads esbuild.
 */
export function staleReason({ root = repoRoot, outdir = distDir(root), names = Object.keys(entries) } = {}) {
  const stampPath = join(outdir, STAMP);
  if (!existsSync(stampPath)) return "no build yet";
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, "utf8"));
  } catch {
    return `${STAMP} is unreadable`;
  }
  if (stamp.builder !== builderIdentity()) return "the build itself changed";
  for (const name of names) {
    if (!existsSync(entryFile(name, outdir))) return `dist/${name}.js is missing`;
  }
  for (const [path, recorded] of Object.entries(stamp.inputs ?? {})) {
    const now = fingerprint(join(root, path));
    if (now === null) return `${path} is gone`;
    if (now[0] !== recorded[0] || now[1] !== recorded[1]) return `${path} changed`;
  }
  return null;
}

/**
 * Gives every module the `import.meta.url` of its source file, as an
 * expression relative to the output file (dist/<file>.js), so that it holds
 * wherever the repository is moved.
 */
function sourceLocation(outdir) {
  const pattern = /\bimport\.meta\.(url|dirname|filename)\b/g;
  return {
    name: "source-location",
    setup(build) {
      build.onLoad({ filter: /\.[mc]?[jt]s$/ }, async (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const contents = await readFile(args.path, "utf8");
        const fromDist = relative(outdir, args.path).split(sep).join("/");
        const url = `new URL(${JSON.stringify(fromDist)}, import.meta.url)`;
        const rewritten = contents.replace(pattern, (_, part) =>
          part === "url"
            ? `${url}.href`
            : part === "filename"
              ? `__barazaFileURLToPath(${url})`
              : `__barazaDirname(__barazaFileURLToPath(${url}))`,
        );
        if (rewritten === contents) return undefined;
        // On the first line, so that line numbers (and source maps) stay those of the source.
        const helpers = /__baraza(Dirname|FileURLToPath)/.test(rewritten)
          ? `import { fileURLToPath as __barazaFileURLToPath } from "node:url"; import { dirname as __barazaDirname } from "node:path"; `
          : "";
        return { contents: helpers + rewritten, loader: /\.[mc]?ts$/.test(args.path) ? "ts" : "js" };
      });
    },
  };
}

/** Writes a file under a temporary name, then renames it: a process starting meanwhile reads the old file or the new, never half of one. */
async function writeAtomically(path, contents) {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

/**
 * Builds `entries` of `root` (or other `sources`: the bench's bare bot) into
 * `outdir`. Chunks are named by their content,
 * so a process already running keeps finding the chunks it will load later;
 * entries and the stamp are written last. `prune` removes files of earlier
 * builds (the install does it; a rebuild at start does not, as another process
 * may still load them).
 */
export async function buildDist({ root = repoRoot, outdir = distDir(root), names = Object.keys(entries), sources = entries, prune = false } = {}) {
  const { build } = await import("esbuild");
  const entryPoints = Object.fromEntries(names.map((name) => [name, join(root, sources[name])]));
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    entryNames: "[name]",
    chunkNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: "silent",
    plugins: [sourceLocation(outdir)],
  });
  const entryPaths = new Set(names.map((name) => entryFile(name, outdir)));
  const isEntry = (file) => entryPaths.has(file.path) || entryPaths.has(file.path.replace(/\.map$/, ""));
  const files = result.outputFiles;
  for (const file of files.filter((each) => !isEntry(each))) await writeAtomically(file.path, file.contents);
  for (const file of files.filter(isEntry)) await writeAtomically(file.path, file.contents);

  const inputs = {};
  for (const path of [...Object.keys(result.metafile.inputs), ...settingsFiles]) {
    const print = fingerprint(join(root, path));
    if (print !== null) inputs[path] = print;
  }
  await writeAtomically(join(outdir, STAMP), `${JSON.stringify({ builder: builderIdentity(), inputs }, null, 1)}\n`);

  if (prune) {
    const kept = new Set([...files.map((file) => file.path), join(outdir, STAMP)]);
    for (const name of await readdir(outdir)) {
      if (!kept.has(join(outdir, name))) await rm(join(outdir, name), { recursive: true, force: true });
    }
  }
  return { inputs: Object.keys(inputs).length, outputs: files.length, metafile: result.metafile };
}

/** Builds when {@link staleReason} finds a reason; returns that reason, or null when the build was fresh. */
export async function ensureBuilt(options = {}) {
  const reason = staleReason(options);
  if (reason !== null) await buildDist(options);
  return reason;
}

async function main(args) {
  if (args.includes("--check")) {
    const reason = staleReason();
    if (reason === null) return;
    console.error(`dist/ is out of date (${reason}): run \`node scripts/build.mjs\`.`);
    process.exitCode = 1;
    return;
  }
  const started = performance.now();
  const built = await buildDist({ prune: true });
  console.log(`Built dist/ (${built.outputs} files from ${built.inputs} sources) in ${Math.round(performance.now() - started)} ms.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
