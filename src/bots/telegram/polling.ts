/**
 * Long polling through @grammyjs/runner: updates are fetched while earlier
 * ones are still being handled, and the bot's `sequentialize` keeps each
 * chat's (and each person's) updates in order.
 */
import { run } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { GrammySignal } from "./bot.ts";

/** The only updates the bot reads (see inbound.ts); Telegram does not send the rest. */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;
/** How often a stop looks whether the updates under way are handled. */
const DRAIN_CHECK_MS = 50;

export interface Stoppable {
  /** Stops fetching updates, then waits for those under way to be handled. */
  stop(): Promise<void>;
}

/** Starts polling; `signal` gives up waiting for Telegram at start (deleteWebhook), e.g. on SIGTERM. */
export async function startPolling(bot: Bot, signal?: GrammySignal): Promise<Stoppable> {
  // Telegram refuses getUpdates while a webhook is set, say from an earlier run in webhook mode.
  await bot.api.deleteWebhook(undefined, signal);
  if (signal?.aborted) throw new Error("stopped before polling began");
  const runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
  return {
    async stop() {
      if (runner.isRunning()) await runner.stop();
      // The runner's stop ends the fetching, not the handlers already running (their store writes and replies).
      while (runner.size() > 0) await new Promise((resolve) => setTimeout(resolve, DRAIN_CHECK_MS));
    },
  };
}
