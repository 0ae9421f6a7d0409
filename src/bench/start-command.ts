/**
 * How production starts Baraza, from package.json's `start` script, run
 * without npm (whose own processes are not Baraza's): `tsx X` becomes
 * `node --import tsx X`; `node ...` is run as written. And the bare bot's
 * process, started the same way: its entry is where the production entry's
 * folder puts this folder's bare-bot-process file (compiled or not), or,
 * if there is none, this file run through tsx.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Command {
  file: string;
  args: string[];
}

export function startCommand(): Command {
  const parsed: unknown = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const scripts = typeof parsed === "object" && parsed !== null && "scripts" in parsed ? parsed.scripts : undefined;
  const start = typeof scripts === "object" && scripts !== null && "start" in scripts && typeof scripts.start === "string" ? scripts.start : undefined;
  if (!start) throw new Error("package.json has no start script");
  return commandFor(start);
}

/** The command a `start` script runs, without npm or a shell. */
export function commandFor(start: string): Command {
  const words = start.trim().split(/\s+/);
  if (words.some((word) => /["'$&|;<>]/.test(word))) throw new Error(`The start script is more than one plain command; the bench cannot run it without a shell: ${start}`);
  const [program, ...rest] = words;
  if (program === "tsx") return { file: process.execPath, args: ["--import", "tsx", ...rest] };
  if (program === "node") return { file: process.execPath, args: rest };
  throw new Error(`The start script runs "${program ?? ""}"; the bench knows how to run tsx and node without npm`);
}

/** The bare bot's process, started as production is: the same runner, its entry beside where production's would be. */
export function bareBotCommand(): Command {
  const production = startCommand();
  const entry = [...production.args].reverse().find((arg) => /\.(ts|js|mjs)$/.test(arg));
  const source = fileURLToPath(new URL("./bare-bot-process.ts", import.meta.url));
  if (entry) {
    // src/main.ts → src/bench/bare-bot-process.ts; dist/main.js → dist/bench/bare-bot-process.js
    const extension = entry.slice(entry.lastIndexOf("."));
    const mirrored = join(ROOT, dirname(entry), relative(join(ROOT, "src"), dirname(source)), `bare-bot-process${extension}`);
    if (existsSync(mirrored)) return { file: production.file, args: [...production.args.slice(0, production.args.indexOf(entry)), mirrored] };
  }
  return { file: process.execPath, args: ["--import", "tsx", source] };
}
