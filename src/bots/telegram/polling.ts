/**
 * Long polling through @grammyjs/runner: updates are fetched while earlier
 * ones are still being handled, and the bot's `sequentialize` keeps each
 * chat's (and each person's) updates in order.
 */
import { run } from "@grammyjs/runner";
import type { Bot } from "grammy";

/** The only updates the bot reads (see inbound.ts); Telegram does not send the rest. */
export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;

export interface Stoppable {
  stop(): Promise<void>;
}

export async function startPolling(bot: Bot): Promise<Stoppable> {
  // Telegram refuses getUpdates while a webhook is set, say from an earlier run in webhook mode.
  await bot.api.deleteWebhook();
  const runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
  return {
    async stop() {
      if (runner.isRunning()) await runner.stop();
    },
  };
}
