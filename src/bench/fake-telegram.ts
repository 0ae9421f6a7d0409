/**
 * Starts the fake Bot API (fake-telegram-process.ts) in a process of its
 * own (fake-process.ts).
 */
import { fileURLToPath } from "node:url";
import type { Scope } from "../reliability/scope.ts";
import { forkFake, type FakeProcess } from "./fake-process.ts";

const ENTRY = fileURLToPath(new URL("./fake-telegram-process.ts", import.meta.url));

/** A fake Bot API process, ended with the scope; `serve` people and updates only matter for long polling. */
export function startFakeTelegram(scope: Scope, serve: { people: number; updates: number } = { people: 0, updates: 0 }): Promise<FakeProcess> {
  return forkFake(scope, ENTRY, serve);
}
