/**
 * What a started Baraza loads before its first export: nothing of the
 * exports. Their libraries (pdfkit, HarfBuzz, fontkit, Vega, the Skia canvas,
 * the fonts) are about 100 MB of memory and most of the start's import time,
 * and are loaded by the first export (src/flows/export.ts). Checked on the
 * static import graph from the entry point: a static import of any of them
 * would load it at start.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));
const HEAVY = ["pdfkit", "fontkit", "harfbuzzjs", "vega", "vega-lite", "@napi-rs/canvas", "bidi-js"];

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
  it("loads none of the exports' code or libraries until the first export", () => {
    const { files, packages } = staticGraph(resolve(SRC, "main.ts"));
    expect(files.size).toBeGreaterThan(50);
    expect([...files].filter((file) => file.startsWith(resolve(SRC, "exports")))).toEqual([]);
    expect(HEAVY.filter((name) => packages.has(name))).toEqual([]);
    expect(packages.has("grammy")).toBe(true);
  });
});
