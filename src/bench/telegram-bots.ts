/**
 * The bots the Telegram parts compare, over the same fake Bot API: Baraza's
 * real adapter (createTelegramBot), and a bare grammY bot whose handler does
 * one insert per update (a row of the processed-update log, through Prisma,
 * in the same kind of store), with or without one reply (`ctx.reply`).
 * Every bot tells the talk what it sent, the same way, so the bench can
 * press the buttons drawn and check that every update was answered.
 */
import { Bot } from "grammy";
import type { Bot as GrammyBot } from "grammy";
import { createTelegramBot } from "../bots/telegram/bot.ts";
// Telegram's own pace (1 message a second per chat) would be measured instead of Baraza's work; the bare bots keep none either.
import { LOOPBACK_LIMITS } from "../bots/telegram/limits.ts";
import type { Db } from "../store/database.ts";
import { FAKE_BOT_INFO } from "../reliability/loopback-api.ts";
import type { Talk } from "./telegram-talk.ts";
import { benchTexts, type World } from "./world.ts";

export const TOKEN = "123456:BENCH-TOKEN";

/** Lets the talk see every call the bot makes and what it was answered with. */
function watched(bot: GrammyBot, talk: Talk): GrammyBot {
  bot.api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    const sent: unknown = result.ok ? result.result : undefined;
    const messageId = typeof sent === "object" && sent !== null && "message_id" in sent && typeof sent.message_id === "number" ? sent.message_id : undefined;
    talk.saw(method, { ...payload }, messageId);
    return result;
  });
  return bot;
}

export function barazaBot(world: World, apiRoot: string, talk: Talk): GrammyBot {
  const telegram = createTelegramBot({ token: TOKEN, apiRoot, baraza: world.baraza, texts: world.texts, defaultLocale: "en", log: { error: (event) => void world.errors.push(event) }, botInfo: FAKE_BOT_INFO, limits: LOOPBACK_LIMITS });
  return watched(telegram.bot, talk);
}

/** A bare grammY bot: one insert per update through Prisma, and, with `reply`, one reply. */
export function bareBot(db: Db, apiRoot: string, talk: Talk, label: string, reply: boolean): GrammyBot {
  const bot = new Bot(TOKEN, { botInfo: FAKE_BOT_INFO, client: { apiRoot } });
  // A text from locales/, as every text a person reads.
  const text = benchTexts().t("en", "help.commands.stakeholders.summary");
  bot.on(["message", "callback_query"], async (ctx) => {
    await db.processedUpdate.create({ data: { platform: label, updateId: String(ctx.update.update_id) } });
    if (reply) await ctx.reply(text);
  });
  return watched(bot, talk);
}
