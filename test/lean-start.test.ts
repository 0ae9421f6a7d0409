/**
 * What a started Baraza loads before it needs it: nothing of the exports,
 * and no platform's library unless that platform is configured. The exports'
 * libraries (pdfkit, HarfBuzz, fontkit, Vega, the Skia canvas, the fonts) are
 * about 100 MB of memory and most of the start's import time, and are loaded
 * by the first export (src/flows/export.ts); grammY, Bolt and whatsapp-web.js
 * (with puppeteer) another 30 MB and half of what remained, loaded by
 * src/platforms.ts when their platform starts. Checked on the static import
 * graph from the entry point: a static import of any of them would load it at
 * start. The compiled start (dist/, what `npm start` runs) is checked the
 * same way: code splitting must keep them in chunks of their own.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildDist } from "../scripts/build.mjs";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));
const HEAVY = ["pdfkit", "fontkit", "harfbuzzjs", "vega", "vega-lite", "@napi-rs/canvas", "bidi-js"];
const POSTGRES_DRIVER = ["pg", "@prisma/adapter-pg"];
const PLATFORM_LIBRARIES = ["grammy", "@grammyjs/runner", "@grammyjs/auto-retry", "@slack/bolt", "whatsapp-web.js", "qrcode-terminal"];

/** Every module and package `entry` loads at start: static imports followed through our own files (`import type` and `await import()` load nothing at start). */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm)) {
      const target = match[1] ?? "";
      if (target.startsWith(".")) {
        const path = resolve(dirname(file), target);
        if (existsSync(path)) visit(path);
      } else if (!target.startsWith("node:")) {
        packages.add(target.startsWith("@") ? target.split("/").slice(0, 2).join("/") : (target.split("/")[0] ?? target));
      }
    }
  };
  visit(entry);
  return { files, packages };
}

describe("a lean start", () => {
  it("loads none of the exports' code or libraries until the first export, and no platform's library until it starts", () => {
    const { files, packages } = staticGraph(resolve(SRC, "main.ts"));
    expect(files.size).toBeGreaterThan(50);
    expect([...files].filter((file) => file.startsWith(resolve(SRC, "exports")))).toEqual([]);
    expect(HEAVY.filter((name) => packages.has(name))).toEqual([]);
    expect(PLATFORM_LIBRARIES.filter((name) => packages.has(name))).toEqual([]);
    // The PostgreSQL driver (~8 MB) is loaded when a PostgreSQL store is opened, not on SQLite.
    expect(POSTGRES_DRIVER.filter((name) => packages.has(name))).toEqual([]);
    expect(packages.has("i18next")).toBe(true);
  });

  it("keeps them out of what the compiled start loads, in chunks loaded when first needed", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "baraza-dist-"));
    try {
      const { metafile } = await buildDist({ outdir, names: ["main"] });
      // The metafile's paths are relative to the repository, where vitest runs.
      const outputs = new Map(Object.entries(metafile.outputs).map(([path, output]) => [resolve(path), output]));
      const loaded = (from: string, kinds: readonly string[]) => {
        const files = new Set<string>();
        const packages = new Set<string>();
        const visit = (path: string) => {
          const output = outputs.get(path);
          if (files.has(path) || !output) return;
          files.add(path);
          for (const imported of output.imports.filter((each) => kinds.includes(each.kind))) {
            if (imported.external) packages.add(imported.path.startsWith("@") ? imported.path.split("/").slice(0, 2).join("/") : (imported.path.split("/")[0] ?? ""));
            else visit(resolve(imported.path));
          }
        };
        visit(from);
        const sources = [...files].flatMap((file) => Object.keys(outputs.get(file)?.inputs ?? {}));
        return { packages, sources };
      };
      const atStart = loaded(resolve(outdir, "main.js"), ["import-statement"]);
      expect(atStart.sources).toContain("src/main.ts");
      expect(atStart.sources.filter((source) => source.startsWith("src/exports/"))).toEqual([]);
      expect(HEAVY.filter((name) => atStart.packages.has(name))).toEqual([]);
      expect(PLATFORM_LIBRARIES.filter((name) => atStart.packages.has(name))).toEqual([]);
      expect(atStart.packages.has("i18next")).toBe(true);
      // Still built, for `await import()`: the exports, the platforms and their libraries are a dynamic import away.
      const eventually = loaded(resolve(outdir, "main.js"), ["import-statement", "dynamic-import"]);
      expect(eventually.sources.filter((source) => source.startsWith("src/exports/")).length).toBeGreaterThan(0);
      expect(["pdfkit", "grammy", "@slack/bolt", "whatsapp-web.js"].filter((name) => !eventually.packages.has(name))).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
