import { readdirSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runDbCommand } from "../../src/store/cli-db.ts";
import { freshSqliteUrl, type FreshUrl } from "./databases.ts";

describe("baraza db", () => {
  let fresh: FreshUrl;
  let printed: string[];
  beforeEach(async () => {
    fresh = await freshSqliteUrl();
    printed = [];
    const capture = (...parts: unknown[]) => void printed.push(parts.join(" "));
    vi.spyOn(console, "log").mockImplementation(capture);
    vi.spyOn(console, "error").mockImplementation(capture);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await fresh.remove();
  });

  it("migrate applies the migrations to DATABASE_URL, then says it is up to date", async () => {
    expect(await runDbCommand(["migrate"], { DATABASE_URL: fresh.url })).toBe(0);
    expect(await runDbCommand(["migrate"], { DATABASE_URL: fresh.url })).toBe(0);

    const migrations = readdirSync("prisma/sqlite/migrations").filter((name) => /^\d{14}_/.test(name)).sort();
    expect(printed[0]).toBe(`Applied ${migrations.length} migration(s) to ${fresh.url}:\n${migrations.map((name) => `  ${name}`).join("\n")}`);
    expect(printed[1]).toBe(`${fresh.url} is up to date.`);
  });

  it("migrate names DATABASE_URL when it cannot reach the database", async () => {
    await expect(runDbCommand(["migrate"], { DATABASE_URL: "postgresql://baraza:pw@127.0.0.1:1/baraza" })).rejects.toThrow(
      "Could not migrate postgresql://baraza:***@127.0.0.1:1/baraza (DATABASE_URL): DatabaseNotReachable",
    );
  });

  it("answers an unknown or incomplete command with the usage and exit code 2", async () => {
    expect(await runDbCommand(["frobnicate"], {})).toBe(2);
    expect(await runDbCommand(["migration"], {})).toBe(2);

    expect(printed[0]).toContain('Unknown command "db frobnicate"');
    expect(printed[1]).toContain("A migration needs a name");
  });
});
