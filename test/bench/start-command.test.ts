import { describe, expect, it } from "vitest";
import { commandFor } from "../../src/bench/start-command.ts";
import { percentile } from "../../src/bench/stats.ts";

describe("the bench's start command", () => {
  it("runs a tsx start script through node's tsx loader, without npm", () => {
    expect(commandFor("tsx src/main.ts")).toEqual({ file: process.execPath, args: ["--import", "tsx", "src/main.ts"], env: {} });
  });

  it("runs a node start script as written", () => {
    expect(commandFor("node --enable-source-maps dist/main.js")).toEqual({ file: process.execPath, args: ["--enable-source-maps", "dist/main.js"], env: {} });
  });

  it("gives the process the variables the script sets before its command", () => {
    expect(commandFor("MALLOC_ARENA_MAX=2 A_B=x node scripts/start.mjs")).toEqual({ file: process.execPath, args: ["scripts/start.mjs"], env: { MALLOC_ARENA_MAX: "2", A_B: "x" } });
  });

  it("refuses a script that needs a shell or another runner", () => {
    expect(() => commandFor("npm run build && node dist/main.js")).toThrow(/shell/);
    expect(() => commandFor("bun src/main.ts")).toThrow(/bun/);
  });
});

describe("the bench's percentiles", () => {
  it("takes the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it("refuses to make a figure of no values", () => {
    expect(() => percentile([], 50)).toThrow();
  });
});
