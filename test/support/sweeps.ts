/**
 * Running sweep-process.ts as real processes, and reading what they sent:
 * the delivery tests kill them, run two at once, and count messages.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import type { Clock, Logger, Store } from "../../src/flows/ports.ts";
import type { Deps } from "../../src/flows/turn.ts";
import { loadTexts, LOCALES_DIR } from "../../src/i18n.ts";

/** What a sweep needs, on this store and clock; errors are logged to `log` (by default to stderr). */
export function sweepDeps(store: Store, clock: Clock, log: Logger = { error: (event, details) => process.stderr.write(`${JSON.stringify({ event, ...details })}\n`) }): Deps {
  return {
    store,
    clock,
    texts: loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en" }),
    ids: { code: () => `${process.pid}` },
    settings: { defaultLocale: "en", defaultTimeZone: "Asia/Yangon", retentionDays: 365 },
    log,
  };
}

/** How a sweeping process ended, with what it logged. */
export interface SweepExit {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** The options sweep-process.ts reads (see there); DATABASE_URL, NOW and OUT are required. */
export type SweepEnv = Record<string, string | number>;

/** Runs one sweeping process to its end (or its kill); killed outright if it outlives `timeoutMs`. */
export function runSweep(env: SweepEnv, timeoutMs = 60_000): Promise<SweepExit> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/sweep-process.ts"], {
    env: { PATH: process.env.PATH ?? "", ...Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)])) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr });
    });
  });
}

/** The same store, except that each job marked sent is also passed to `marked` once its mark has landed. */
export function recordingMarks(store: Store, marked: (jobId: number) => void): Store {
  const jobs = new Proxy(store.jobs, {
    get: (target, key) =>
      key === "markSent"
        ? async (...args: Parameters<Store["jobs"]["markSent"]>) => {
            await target.markSent(...args);
            for (const id of args[0]) marked(id);
          }
        : Reflect.get(target, key),
  });
  // Jobs with nothing to send are marked in the transaction that builds them.
  const transaction: Store["transaction"] = (work) => store.transaction((tx) => work(recordingMarks(tx, marked)));
  return new Proxy(store, { get: (target, key) => (key === "jobs" ? jobs : key === "transaction" ? transaction : Reflect.get(target, key)) });
}

/** One message a sweeping process handed to the platform. */
export interface SentMessage {
  chatId: string;
  text: string;
  /** The process that sent it. */
  by: number;
}

/** What the processes writing to `out` sent, in order. */
export function sentTo(out: string): SentMessage[] {
  if (!existsSync(out)) return [];
  return readFileSync(out, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line))
    .filter((line) => "to" in line)
    .map((message) => ({ chatId: message.to.chatId, text: message.text, by: message.by }));
}

/** The jobs the processes writing to `out` marked sent, each with the process that marked it, in order. */
export function marksIn(out: string): { jobId: number; by: number }[] {
  if (!existsSync(out)) return [];
  return readFileSync(out, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line))
    .filter((line) => "marked" in line)
    .map((line) => ({ jobId: line.marked, by: line.by }));
}

/** How many times each chat was sent something. */
export function timesSent(messages: SentMessage[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const { chatId } of messages) times.set(chatId, (times.get(chatId) ?? 0) + 1);
  return times;
}

/** A set-up group per chat, each with one concern waiting for its digest, which falls due at `due`. */
export function digestsDue(store: Store, chats: string[], due: Date): Promise<void> {
  // One transaction: SQLite syncs to disk once, not once per row.
  return store.transaction(async (tx) => {
    for (const chat of chats) await digestDue(tx, chat, due);
  });
}

async function digestDue(store: Store, chat: string, due: Date): Promise<void> {
  const group = await store.groups.create({ platform: "test", chatId: chat, locale: "en", timeZone: "Asia/Yangon" });
  await store.groups.update(group.id, { name: `Group ${chat}`, setupAt: due });
  const cycle = await store.cycles.current(group.id);
  await store.concerns.add({ groupId: group.id, cycleId: cycle.id, text: `Concern of ${chat}`, authorId: null, at: due });
  await store.jobs.schedule({ kind: "concern-digest", groupId: group.id, personId: null, dueAt: due, payload: {}, dedupeKey: `digest:${chat}` });
}
