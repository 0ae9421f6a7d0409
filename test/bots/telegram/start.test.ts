/**
 * `npm start` with TELEGRAM_BOT_TOKEN set, for real: a separate process that
 * starts on Telegram (here the fake Bot API) instead of the terminal, and
 * stops cleanly on SIGTERM.
 */
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshSqliteUrl, type FreshUrl } from "../../store/databases.ts";
import { startFakeBotApi, TOKEN, type FakeBotApi } from "./fake-bot-api.ts";

let fresh: FreshUrl;
let api: FakeBotApi;
beforeEach(async () => {
  fresh = await freshSqliteUrl();
  api = await startFakeBotApi();
});
afterEach(async () => {
  await api.close();
  await fresh.remove();
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: fresh.url, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const running = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", () => {
      if (stdout.includes("running on Telegram")) resolve();
    });
    void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
  });
  return { child, running, exited, output: () => ({ stdout, stderr }) };
}

describe("npm start with a Telegram token", () => {
  it("polls Telegram (with the command menu set) instead of opening the terminal, and stops on SIGTERM", async () => {
    const run = start({});
    await run.running;
    expect(run.output().stdout).toContain("@BarazaBot (long polling)");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const methods = api.calls.map((c) => c.method);
    expect(methods).toContain("setMyCommands");
    expect(methods).toContain("deleteWebhook");
    expect(methods).toContain("getUpdates");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.output().stderr).toBe("");
  });

  it("listens for Telegram's webhook calls when TELEGRAM_WEBHOOK_URL is set", async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const run = start({ TELEGRAM_WEBHOOK_URL: "https://baraza.example.org/telegram", TELEGRAM_WEBHOOK_SECRET: "a-long-secret-token_42", PORT: String(port) });
    await run.running;
    expect(run.output().stdout).toContain("(webhook)");
    expect(api.calls.find((c) => c.method === "setWebhook")?.payload).toMatchObject({ url: "https://baraza.example.org/telegram", secret_token: "a-long-secret-token_42" });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("says at once where it reaches for the Bot API, and says so again on each failure while it retries", async () => {
    const closed = "http://127.0.0.1:9";
    const run = start({ TELEGRAM_API_ROOT: closed, PORT: "" });
    // It never gets as far as running; its exit is awaited below.
    run.running.catch(() => undefined);
    const failures = () => run.output().stdout.split("\n").filter((line) => line.startsWith("Could not reach"));
    const deadline = Date.now() + 20_000;
    while (failures().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const { stdout } = run.output();
    expect(stdout.split("\n")[0]).toBe(`Reaching the Telegram Bot API at ${closed}…`);
    expect(failures().length).toBeGreaterThanOrEqual(2);
    expect(failures()[0]).toBe(`Could not reach the Telegram Bot API at ${closed} (getMe: ECONNREFUSED); trying again with growing pauses. Stop with Ctrl+C.`);
    expect(stdout).not.toContain(TOKEN);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("names the setting to fix when Telegram does not accept the token", async () => {
    api.refuse("getMe", 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const run = start({});
    await run.running.catch(() => undefined);
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toContain("TELEGRAM_BOT_TOKEN: Telegram does not accept this token");
  });
});
