/**
 * The README's start command, for real: what `npm start` runs (scripts/start.mjs,
 * which runs the compiled dist/main.js with plain node, building it first if
 * the sources changed), a separate process on a fresh SQLite file, fed the
 * demonstration script on standard input.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCommand } from "../src/bench/start-command.ts";
import { freshSqliteUrl, type FreshUrl } from "./store/databases.ts";

let fresh: FreshUrl;
beforeEach(async () => {
  fresh = await freshSqliteUrl();
});
afterEach(() => fresh.remove());

/** `npm start`'s own command (`node scripts/start.mjs`, with the variables it sets), run without npm in between. */
function start(env: Record<string, string>, input: string) {
  const command = startCommand();
  return spawnSync(command.file, command.args, {
    input,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...command.env, ...env },
    timeout: 60_000,
  });
}

describe("npm start", () => {
  it("with no platform configured, opens the terminal chat on SQLite and runs the demonstration", () => {
    const run = start({ DATABASE_URL: fresh.url }, readFileSync("examples/demo.txt", "utf8"));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("✅ The plan is approved.");
  });

  it("refuses a bad setting, naming the variable and the form it should take", () => {
    const run = start({ DATABASE_URL: fresh.url, DEFAULT_TIMEZONE: "Mars/Olympus" }, "");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("DEFAULT_TIMEZONE: use an IANA time zone name such as Asia/Yangon");
  });

  it("counts a variable set to nothing as not set", () => {
    const run = start({ DATABASE_URL: fresh.url, PORT: "", DEFAULT_LOCALE: " ", TELEGRAM_BOT_TOKEN: "" }, "/help\n");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("/step — where the group is in the cycle");
  });

  it("says in one line, without a stack trace, that the database cannot be opened", () => {
    const run = start({ DATABASE_URL: "postgresql://baraza:secret-password@127.0.0.1:9/baraza" }, "");
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("Baraza cannot start: Could not open the database at");
    expect(run.stderr).not.toContain("secret-password");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a webhook that is not https, or a secret that is short or has characters Telegram refuses, before starting", () => {
    const run = start({ DATABASE_URL: fresh.url, TELEGRAM_BOT_TOKEN: "123456:TEST-TOKEN", TELEGRAM_WEBHOOK_URL: "http://baraza.example.org/telegram", TELEGRAM_WEBHOOK_SECRET: "short!" }, "");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("TELEGRAM_WEBHOOK_URL: use the public https URL");
    expect(run.stderr).toContain("TELEGRAM_WEBHOOK_SECRET: use 16 to 256 characters, only letters A-Z a-z, digits, _ and -");
  });
});
