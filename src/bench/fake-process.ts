/**
 * A fake platform API (the Telegram or Slack one) in a child process of its
 * own, so that its work is not counted in the measured process (it still
 * shares the machine's cores), and how to talk to it over IPC: its address
 * once ready, and (the Telegram one) how far its talk has got.
 */
import { fork } from "node:child_process";
import type { Scope } from "../reliability/scope.ts";

export type FakeRequest = { kind: "serve" } | { kind: "status" };
export type FakeReport =
  | { kind: "ready"; apiRoot: string }
  | { kind: "status"; served: number; total: number; waiting: number; calls: number; polls: number; lastCallAt: number };
export type FakeStatus = Extract<FakeReport, { kind: "status" }>;

export interface FakeProcess {
  /** Where the fake listens, on loopback: the API root (Telegram) or API URL (Slack) to give the client. */
  apiRoot: string;
  /** Starts serving the talk through getUpdates (Telegram). */
  serve(): Promise<FakeStatus>;
  status(): Promise<FakeStatus>;
}

/** Starts `entry` (run through tsx) in a child process, ended with the scope; `serve` says how many people and updates it serves, if it serves any. */
export async function forkFake(scope: Scope, entry: string, serve: { people: number; updates: number }): Promise<FakeProcess> {
  const child = fork(entry, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_FAKE_PEOPLE: String(serve.people), BENCH_FAKE_UPDATES: String(serve.updates) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  scope.defer("fake API process", () => {
    if (child.exitCode === null) child.kill();
  });
  const waiters: ((report: FakeStatus) => void)[] = [];
  const apiRoot = await new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`The fake API process ${entry} exited (${code ?? "signal"}) before it was ready`)));
    child.on("message", (report: FakeReport) => {
      if (report.kind === "ready") resolve(report.apiRoot);
      else waiters.shift()?.(report);
    });
  });
  const ask = (request: FakeRequest) =>
    new Promise<FakeStatus>((resolve) => {
      waiters.push(resolve);
      child.send(request);
    });
  return { apiRoot, serve: () => ask({ kind: "serve" }), status: () => ask({ kind: "status" }) };
}
