/**
 * How production starts Baraza, from package.json's `start` script, run
 * without npm (whose own processes are not Baraza's): `tsx X` becomes
 * `node --import tsx X`; `node ...` is run as written, with the environment
 * variables the script sets before it (`NAME=value node ...`). And the bare
 * bot's process, started the same way (compiled, or through tsx, and with
 * the same variables).
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuilt, entryFile } from "../../scripts/build.mjs";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Command {
  file: string;
  args: string[];
  /** Variables the script sets for the process. */
  env: Record<string, string>;
}

export function startCommand(): Command {
  const parsed: unknown = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const scripts = typeof parsed === "object" && parsed !== null && "scripts" in parsed ? parsed.scripts : undefined;
  const start = typeof scripts === "object" && scripts !== null && "start" in scripts && typeof scripts.start === "string" ? scripts.start : undefined;
  if (!start) throw new Error("package.json has no start script");
  return commandFor(start);
}

/** A variable set before the command: `NAME=value`. */
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/** The command a `start` script runs, without npm or a shell. */
export function commandFor(start: string): Command {
  const words = start.trim().split(/\s+/);
  if (words.some((word) => /["'$&|;<>]/.test(word))) throw new Error(`The start script is more than one plain command; the bench cannot run it without a shell: ${start}`);
  const env: Record<string, string> = {};
  for (const word of [...words]) {
    const assignment = ASSIGNMENT.exec(word);
    if (!assignment) break;
    env[assignment[1] ?? ""] = assignment[2] ?? "";
    words.shift();
  }
  const [program, ...rest] = words;
  if (program === "tsx") return { file: process.execPath, args: ["--import", "tsx", ...rest], env };
  if (program === "node") return { file: process.execPath, args: rest, env };
  throw new Error(`The start script runs "${program ?? ""}"; the bench knows how to run tsx and node without npm`);
}

/**
 * The bare bot's process, started as production is: compiled to plain
 * JavaScript (as `npm start` compiles Baraza, in dist/bench/) and run with
 * plain node; through tsx only if production runs tsx. (Run through tsx
 * beside a compiled Baraza, its memory would count the TypeScript loader.)
 */
export async function bareBotCommand(): Promise<Command> {
  const source = fileURLToPath(new URL("./bare-bot-process.ts", import.meta.url));
  const production = startCommand();
  if (production.args.includes("tsx")) return { file: process.execPath, args: ["--import", "tsx", source], env: production.env };
  const outdir = join(ROOT, "dist", "bench");
  const options = { outdir, names: ["bare-bot"], sources: { "bare-bot": relative(ROOT, source) } };
  await ensureBuilt(options);
  return { file: process.execPath, args: [entryFile("bare-bot", outdir)], env: production.env };
}
