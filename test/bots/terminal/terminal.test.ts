import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDuration } from "../../../src/bots/terminal/clock.ts";
import { MovableClock } from "../../../src/clock.ts";
import { TerminalChat } from "../../../src/bots/terminal/terminal.ts";
import { createBaraza } from "../../../src/flows/baraza.ts";
import { loadTexts, LOCALES_DIR } from "../../../src/i18n.ts";
import { openDatabase, type Database } from "../../../src/store/database.ts";
import { createStore } from "../../../src/store/store.ts";
import { freshSqliteUrl, type FreshUrl } from "../../store/databases.ts";

let fresh: FreshUrl;
let database: Database;

beforeEach(async () => {
  fresh = await freshSqliteUrl();
  database = await openDatabase(fresh.url);
});
afterEach(async () => {
  await database.close();
  await fresh.remove();
});

/** Where the terminal chat saves the files the bot sends. */
function exportsDir(): string {
  return join(fresh.url.replace(/^file:/, ""), "..", "exports");
}

/** Runs a script through the terminal chat, as `npm start < script` does, and returns what it printed. */
async function run(script: string): Promise<string> {
  const store = createStore(database);
  const texts = loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en", strict: true });
  const clock = new MovableClock(() => new Date("2026-11-23T02:30:00Z"));
  let n = 0;
  const baraza = createBaraza({ store, clock, texts, ids: { code: () => `CODE${++n}` }, settings: { defaultLocale: "en", defaultTimeZone: "Asia/Yangon", retentionDays: 365 }, log: { error: () => undefined } });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  const chat = new TerminalChat({ baraza, store, texts, clock, locale: "en", input, output, interactive: false, filesDir: exportsDir() });
  input.end(script);
  await chat.run();
  return printed;
}

describe("the terminal chat", () => {
  it("runs the demonstration script through the first three steps to an approved plan", async () => {
    const printed = await run(readFileSync("examples/demo.txt", "utf8"));
    expect(printed).toContain("Coordinator of the programme: Amina, the first person here");
    expect(printed).toContain("✅ The group is set up.");
    expect(printed).toContain("Step 2 of 5: Identify and prioritise concerns");
    expect(printed).toContain("📋 4 new concerns have been raised:");
    expect(printed).toContain("The group's priorities are now: #1, #4, #2.");
    expect(printed).toContain("Step 3 of 5: Action planning");
    expect(printed).toContain("✅ The plan is approved.");
    expect(printed).not.toContain("That is not one of the choices");
  });

  it("saves exported files where only the account running Baraza can read them", async () => {
    const setup = ["/as amina", "/start", "/setup", "Ward 4 Safety Group", "Hlaingbwe", "1", "1", "1", "1", "1", "1", "1"];
    const printed = await run([...setup, "/export", "/quit"].join("\n"));
    expect(printed).toContain("📄");
    const files = readdirSync(exportsDir());
    expect(files.length).toBeGreaterThan(0);
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect(mode(exportsDir())).toBe("700");
    expect(Object.fromEntries(files.map((file) => [file, mode(join(exportsDir(), file))]))).toEqual(Object.fromEntries(files.map((file) => [file, "600"])));
  });

  it("speaks as whoever /as names, privately after /dm, and in the group after /group", async () => {
    const printed = await run(["/as thida", "/dm", "/help", "/group", "/help", "/quit", "/help"].join("\n"));
    expect(printed).toContain("💬 Baraza, privately to Thida:");
    expect(printed).toContain("👥 Baraza, in the group:");
    // The full list in private; in the group, the short one.
    expect(printed.match(/These are my commands/g)).toHaveLength(1);
    expect(printed.match(/The commands used most/g)).toHaveLength(1);
  });

  it("explains its own commands when they are used wrongly", async () => {
    const printed = await run(["/as", "/wait soon"].join("\n"));
    expect(printed).toContain("Say who is speaking, for example: /as amina");
    expect(printed).toContain("Say how long to wait, for example: /wait 3d");
  });
});

describe("durations for /wait", () => {
  it("reads days, hours and minutes, alone or together", () => {
    expect(parseDuration("3d")?.as("hours")).toBe(72);
    expect(parseDuration("1d12h")?.as("hours")).toBe(36);
    expect(parseDuration("30m")?.as("minutes")).toBe(30);
    expect(parseDuration("")).toBeNull();
    expect(parseDuration("0d")).toBeNull();
    expect(parseDuration("soon")).toBeNull();
  });
});
