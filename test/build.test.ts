/**
 * The compiled start (scripts/build.mjs, used by `npm start` through
 * scripts/start.mjs): on a small project of its own, that the build runs with
 * plain node and finds files beside its sources, and that a change to a
 * source, even one that leaves an older modification time, is rebuilt before
 * the next start.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildDist, ensureBuilt, entryFile, staleReason } from "../scripts/build.mjs";

let root: string;
const only = { names: ["main"] as const };

function write(path: string, text: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** What the compiled entry prints, run as production runs it: plain node, no loader. */
function runBuilt(): string {
  const run = spawnSync(process.execPath, [entryFile("main", join(root, "dist"))], { encoding: "utf8", timeout: 10_000 });
  expect(run.stderr).toBe("");
  return run.stdout.trim();
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "baraza-build-"));
  write("tsconfig.json", "{}\n");
  write("note.txt", "beside the sources");
  write("src/word.ts", 'export const word: string = "first";\n');
  // Reads a file relative to its own source, two folders down as src/store/migrations.ts reads prisma/.
  write(
    "src/lib/note.ts",
    'import { readFileSync } from "node:fs";\nimport { basename } from "node:path";\n' +
      'export const note = `${readFileSync(new URL("../../note.txt", import.meta.url), "utf8")} (in ${basename(import.meta.dirname)})`;\n',
  );
  write("src/main.ts", 'import { note } from "./lib/note.ts";\nimport { word } from "./word.ts";\nconsole.log(`${word} ${note}`);\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the compiled start", () => {
  it("runs with plain node and finds files relative to its sources, not to dist/", async () => {
    await buildDist({ root, ...only });
    expect(runBuilt()).toBe("first beside the sources (in lib)");
  });

  it("is built when missing, left alone while fresh, and rebuilt when a source changes", async () => {
    expect(await ensureBuilt({ root, ...only })).toBe("no build yet");
    expect(staleReason({ root, ...only })).toBeNull();
    const built = statSync(entryFile("main", join(root, "dist"))).mtimeMs;
    expect(await ensureBuilt({ root, ...only })).toBeNull();
    expect(statSync(entryFile("main", join(root, "dist"))).mtimeMs).toBe(built);

    write("src/word.ts", 'export const word: string = "second";\n');
    expect(staleReason({ root, ...only })).toBe("src/word.ts changed");
    expect(await ensureBuilt({ root, ...only })).toBe("src/word.ts changed");
    expect(runBuilt()).toBe("second beside the sources (in lib)");
  });

  it("counts as changed a source restored with an older time and the same size", async () => {
    await buildDist({ root, ...only });
    write("src/word.ts", 'export const word: string = "tenth";\n');
    const past = new Date("2020-01-01T00:00:00Z");
    utimesSync(join(root, "src/word.ts"), past, past);
    expect(staleReason({ root, ...only })).toBe("src/word.ts changed");
    await ensureBuilt({ root, ...only });
    expect(runBuilt()).toBe("tenth beside the sources (in lib)");
  });

  it("notices a build setting changing (tsconfig.json) and a source going away", async () => {
    await buildDist({ root, ...only });
    write("tsconfig.json", '{ "compilerOptions": {} }\n');
    expect(staleReason({ root, ...only })).toBe("tsconfig.json changed");
    await buildDist({ root, ...only });
    rmSync(join(root, "src/word.ts"));
    expect(staleReason({ root, ...only })).toBe("src/word.ts is gone");
  });

  it("refuses to start on a build that does not compile, naming the file", async () => {
    write("src/word.ts", "export const word: string = ;\n");
    await expect(ensureBuilt({ root, ...only })).rejects.toThrow(/src\/word\.ts/);
  });
});
