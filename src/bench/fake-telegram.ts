/**
 * Starts the fake Bot API (fake-telegram-process.ts) in a child process
 * and talks to it: its address, and how far its talk has got.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Scope } from "../reliability/scope.ts";

export type FakeRequest = { kind: "serve" } | { kind: "status" };
export type FakeReport =
  | { kind: "ready"; apiRoot: string }
  | { kind: "status"; served: number; total: number; waiting: number; calls: number; polls: number; lastCallAt: number };
export type FakeStatus = Extract<FakeReport, { kind: "status" }>;

export interface FakeTelegram {
  apiRoot: string;
  /** Starts serving the talk through getUpdates. */
  serve(): Promise<FakeStatus>;
  status(): Promise<FakeStatus>;
}

const ENTRY = fileURLToPath(new URL("./fake-telegram-process.ts", import.meta.url));

/** A fake Bot API process, ended with the scope; `serve` people and updates only matter for long polling. */
export async function startFakeTelegram(scope: Scope, serve: { people: number; updates: number } = { people: 0, updates: 0 }): Promise<FakeTelegram> {
  return forkFake(scope, ENTRY, serve);
}

/** Starts a fake platform API (`entry`) in a child process, ended with the scope; it reports `ready` with its address. */
export async function forkFake(scope: Scope, entry: string, serve: { people: number; updates: number }): Promise<FakeTelegram> {
  const child = fork(entry, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_FAKE_PEOPLE: String(serve.people), BENCH_FAKE_UPDATES: String(serve.updates) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  scope.defer("fake Bot API process", () => {
    if (child.exitCode === null) child.kill();
  });
  const waiters: ((report: FakeStatus) => void)[] = [];
  const ready = new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`The fake Bot API process exited (${code ?? "signal"}) before it was ready`)));
    child.on("message", (report: FakeReport) => {
      if (report.kind === "ready") resolve(report.apiRoot);
      else waiters.shift()?.(report);
    });
  });
  const apiRoot = await ready;
  const ask = (request: FakeRequest) =>
    new Promise<FakeStatus>((resolve) => {
      waiters.push(resolve);
      child.send(request);
    });
  return { apiRoot, serve: () => ask({ kind: "serve" }), status: () => ask({ kind: "status" }) };
}
