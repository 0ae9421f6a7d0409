/**
 * The started process, as production runs it (start-command.ts): its
 * resident memory (VmRSS of that node process itself, from /proc) at rest
 * and after MESSAGES messages served by the fake Bot API through long
 * polling, beside the same for a bare grammY bot's process; and the time
 * from spawn to the terminal chat's first words on an existing store,
 * beside a plain `node -e` printing a prompt.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { Scope } from "../reliability/scope.ts";
import { openDatabase } from "../store/database.ts";
import { createStore } from "../store/store.ts";
import { startFakeTelegram } from "./fake-telegram.ts";
import { SIZES } from "./sizes.ts";
import { bareBotCommand, ROOT, startCommand, type Command } from "./start-command.ts";
import { mb, median } from "./stats.ts";
import { benchUrl } from "./stores.ts";
import { TOKEN } from "./telegram-bots.ts";
import { telegramGroup } from "./group.ts";

export interface MemoryFigures {
  restMb: number;
  afterMb: number;
  peakMb: number;
  /** Messages a second the process kept up with while the talk was served. */
  rate: number;
}

const SETTLE_MS = 2_000;
const LIMIT_MS = 60 * 60_000;

/** The environment of a started process: the bench's settings of Baraza, nothing of the bench's own (no other platform, no port). */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(([name]) => !/^(TELEGRAM_|SLACK_|WHATSAPP_|PORT$|DATABASE_URL$|BENCH_)/.test(name));
  return { ...Object.fromEntries(kept), NODE_ENV: "production", ...extra };
}

function started(scope: Scope, command: Command, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command.file, command.args, { cwd: ROOT, env: { ...env, ...command.env }, stdio: ["pipe", "pipe", "pipe"] });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => void (errors = (errors + chunk.toString("utf8")).slice(-2000)));
  child.once("exit", (code) => {
    if (code !== 0 && code !== null) process.stderr.write(`bench: ${command.args.join(" ")} exited with ${code}: ${errors}\n`);
  });
  scope.defer(`process ${command.args.join(" ")}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const exited = new Promise((resolve) => child.once("exit", resolve));
    if ((await Promise.race([exited, sleep(10_000, "late")])) === "late") child.kill("SIGKILL");
  });
  return child;
}

/** The resident set of one process, in bytes (VmRSS in /proc/<pid>/status). */
async function rss(pid: number | undefined): Promise<number> {
  if (pid === undefined) throw new Error("memory: the process has no id (it did not start)");
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`memory: no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/** A store with the bench's group and people, closed again: an existing store the process opens. */
async function existingStore(scope: Scope, label: string): Promise<string> {
  const url = await benchUrl(scope, label);
  const database = await openDatabase(url);
  try {
    await telegramGroup(createStore(database), SIZES.people);
  } finally {
    await database.close();
  }
  return url;
}

export async function memory(scope: Scope, which: "baraza" | "bare"): Promise<MemoryFigures> {
  const url = await existingStore(scope, `memory_${which}`);
  const fake = await startFakeTelegram(scope, { people: SIZES.people, updates: SIZES.messages });
  const child = started(scope, which === "baraza" ? startCommand() : await bareBotCommand(), environment({ DATABASE_URL: url, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_RATE_LIMITS: "none" }));
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`memory: the ${which} process exited (${code ?? "signal"}) before the talk was over`))));
  exited.catch(() => undefined);
  const until = async (done: () => Promise<boolean>, what: string) => {
    const deadline = performance.now() + LIMIT_MS;
    while (!(await Promise.race([done(), exited]))) {
      if (performance.now() > deadline) throw new Error(`memory: the ${which} process did not ${what} in time`);
      await sleep(200);
    }
  };
  await until(async () => (await fake.status()).polls > 0, "start polling");
  await sleep(SETTLE_MS);
  const rest = await rss(child.pid);
  let peak = rest;
  const servedAt = performance.now();
  await fake.serve();
  await until(async () => {
    peak = Math.max(peak, await rss(child.pid));
    const status = await fake.status();
    return status.served === status.total && status.waiting === 0;
  }, `handle ${SIZES.messages} messages`);
  const seconds = (performance.now() - servedAt) / 1000;
  const after = await rss(child.pid);
  return { restMb: mb(rest), afterMb: mb(after), peakMb: mb(Math.max(peak, after)), rate: SIZES.messages / seconds };
}

/** Milliseconds from spawn to the first words on standard output, median of STARTS. */
async function firstWords(scope: Scope, command: Command, env: NodeJS.ProcessEnv): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SIZES.starts; i++) {
    const before = performance.now();
    const child = started(scope, command, env);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.once("data", () => resolve());
      child.once("exit", (code) => reject(new Error(`start: ${command.args.join(" ")} exited (${code ?? "signal"}) before saying anything`)));
    });
    times.push(performance.now() - before);
    child.stdin?.end();
    await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(undefined)));
  }
  return median(times);
}

export async function startTime(scope: Scope): Promise<{ ms: number; msBaseline: number }> {
  const url = await existingStore(scope, "start");
  const ms = await firstWords(scope, startCommand(), environment({ DATABASE_URL: url }));
  const msBaseline = await firstWords(scope, { file: process.execPath, args: ["-e", "process.stdout.write('> ')"], env: {} }, environment({}));
  return { ms, msBaseline };
}
