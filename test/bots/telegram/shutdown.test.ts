/**
 * Stopping the real process (`npm start` with a Telegram token) while the Bot
 * API does not answer, or answers only errors: SIGTERM and Ctrl+C (SIGINT)
 * must end it within seconds, whichever wait of the start-up it is in, and a
 * second signal must end a stop that waits on Telegram.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshSqliteUrl, type FreshUrl } from "../../store/databases.ts";
import { BOT_INFO, message, TOKEN } from "./fake-bot-api.ts";
import { AMINA, GROUP_CHAT } from "./setup.ts";
import { listenOnLoopback } from "../../../src/reliability/loopback-api.ts";

/** How a scripted Bot API answers one call: with a result, with an error status, or never. */
type Answer = { result: unknown } | { status: number } | "never";

interface ScriptedApi {
  apiRoot: string;
  /** The methods called so far, in order. */
  calls: string[];
  close(): Promise<void>;
}

/** What Telegram answers when all is well (getUpdates: nothing new, after a pause, as long polling does). */
function fine(method: string): Answer {
  if (method === "getMe") return { result: BOT_INFO };
  if (method === "getUpdates") return { result: [] };
  return { result: true };
}

async function startScriptedApi(answer: (method: string) => Answer): Promise<ScriptedApi> {
  const calls: string[] = [];
  const waiting = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const method = (request.url ?? "").split("/").pop() ?? "";
      calls.push(method);
      const chosen = answer(method);
      if (chosen === "never") {
        waiting.add(response);
        return;
      }
      const body = "status" in chosen ? { ok: false, error_code: chosen.status, description: "Internal Server Error" } : { ok: true, result: chosen.result };
      const pause = method === "getUpdates" && "result" in chosen ? 100 : 0;
      setTimeout(() => response.writeHead("status" in chosen ? chosen.status : 200, { "content-type": "application/json" }).end(JSON.stringify(body)), pause);
    });
  });
  const apiRoot = await listenOnLoopback(server);
  return {
    apiRoot,
    calls,
    close: () =>
      new Promise((resolve) => {
        for (const response of waiting) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let fresh: FreshUrl;
let api: ScriptedApi | undefined;
let child: ChildProcess | undefined;
beforeEach(async () => {
  fresh = await freshSqliteUrl();
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await api?.close();
  api = undefined;
  await fresh.remove();
});

function start(apiRoot: string, env: Record<string, string> = {}) {
  const spawned = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: fresh.url, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = spawned;
  let stdout = "";
  let stderr = "";
  spawned.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  spawned.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => spawned.on("exit", (code) => resolve(code)));
  return { child: spawned, exited, output: () => ({ stdout, stderr }) };
}

/** Waits until `ready` holds, checking every 50 ms; fails after `ms`, saying what was awaited. */
async function until(what: string, ready: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The exit code, if the process exits within `ms`; fails otherwise. */
async function exitsWithin(exited: Promise<number | null>, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the process was still running ${ms} ms after the signal`)), ms);
  });
  try {
    return await Promise.race([exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts Baraza against `answer`, waits until it has called `method` and waited a moment, and sends `signal`. */
async function stopWhileWaitingFor(method: string, answer: (method: string) => Answer, signal: NodeJS.Signals, env: Record<string, string> = {}) {
  api = await startScriptedApi(answer);
  const calls = api.calls;
  const run = start(api.apiRoot, env);
  await until(`a call of ${method}`, () => calls.includes(method) || run.child.exitCode !== null);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  run.child.kill(signal);
  return run;
}

describe("stopping Baraza on Telegram while the Bot API does not answer", () => {
  it.each([
    ["getMe", "SIGTERM"],
    ["setMyCommands", "SIGINT"],
    ["deleteWebhook", "SIGTERM"],
  ] as const)("ends within seconds when %s never answers and %s arrives", async (method, signal) => {
    const run = await stopWhileWaitingFor(method, (m) => (m === method ? "never" : fine(m)), signal);
    expect(await exitsWithin(run.exited, 5000)).toBe(0);
    const { stdout, stderr } = run.output();
    expect(stdout).not.toContain("running on Telegram");
    expect(stderr).toContain(`Baraza stopped on ${signal} while starting on Telegram, waiting for the Bot API to answer ${method}`);
    expect(stderr).not.toContain(TOKEN);
  });

  it("ends within seconds when setWebhook never answers", async () => {
    const env = { TELEGRAM_WEBHOOK_URL: "https://baraza.example.org/telegram", TELEGRAM_WEBHOOK_SECRET: "a-long-secret-token_42", PORT: String(20000 + Math.floor(Math.random() * 20000)) };
    const run = await stopWhileWaitingFor("setWebhook", (m) => (m === "setWebhook" ? "never" : fine(m)), "SIGTERM", env);
    expect(await exitsWithin(run.exited, 5000)).toBe(0);
    expect(run.output().stderr).toContain("waiting for the Bot API to answer setWebhook");
  });

  it("ends within seconds when every call fails with 500, retried with growing pauses", async () => {
    const run = await stopWhileWaitingFor("getMe", () => ({ status: 500 }), "SIGTERM");
    expect(await exitsWithin(run.exited, 5000)).toBe(0);
    expect(run.output().stderr).toContain("waiting for the Bot API to answer getMe");
  });
});

describe("stopping Baraza once it runs on Telegram", () => {
  it("ends within seconds when long polling fails with 500 on every call", async () => {
    api = await startScriptedApi((m) => (m === "getUpdates" ? { status: 500 } : fine(m)));
    const calls = api.calls;
    const run = start(api.apiRoot);
    await until("the start-up line", () => run.output().stdout.includes("running on Telegram"));
    await until("a failed getUpdates", () => calls.includes("getUpdates"));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run.child.kill("SIGTERM");
    expect(await exitsWithin(run.exited, 5000)).toBe(0);
  });

  it("lets a reply under way finish on the first signal, and gives it up on the second", async () => {
    let served = false;
    api = await startScriptedApi((m) => {
      if (m === "sendMessage") return "never";
      if (m !== "getUpdates" || served) return fine(m);
      served = true;
      return { result: [message(AMINA, GROUP_CHAT, "/help")] };
    });
    const calls = api.calls;
    const run = start(api.apiRoot);
    await until("a reply being sent", () => calls.includes("sendMessage"));
    run.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(run.child.exitCode).toBeNull();
    run.child.kill("SIGTERM");
    expect(await exitsWithin(run.exited, 5000)).toBe(143);
    expect(run.output().stderr).toContain("Baraza stopped at once on a second SIGTERM");
  });
});
