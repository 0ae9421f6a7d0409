/**
 * The bare grammY bot as a process of its own, the baseline for the
 * started process's memory: long polling (`bot.start`), and for each
 * update one insert (a processed-update row, through Prisma, in the store
 * DATABASE_URL names) and one reply. Told TELEGRAM_BOT_TOKEN and
 * TELEGRAM_API_ROOT as Baraza is; stops on SIGTERM.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Bot } from "grammy";
import { openDatabase } from "../store/database.ts";

const token = process.env["TELEGRAM_BOT_TOKEN"] ?? "";
const apiRoot = process.env["TELEGRAM_API_ROOT"];
const database = await openDatabase(process.env["DATABASE_URL"]);
// One text from locales/ (started in the repository's folder), read as it is: a bare bot loads no translation library.
const text = textAt(JSON.parse(readFileSync(join("locales", "en", "baraza.json"), "utf8")), ["help", "commands", "stakeholders", "summary"]);
const bot = new Bot(token, apiRoot ? { client: { apiRoot } } : {});
bot.on(["message", "callback_query"], async (ctx) => {
  await database.client.processedUpdate.create({ data: { platform: "bare", updateId: String(ctx.update.update_id) } });
  await ctx.reply(text);
});
process.once("SIGTERM", () => void bot.stop());
await bot.start({ onStart: () => void process.stdout.write("bare bot polling\n") });
await database.close();

function textAt(tree: unknown, path: readonly string[]): string {
  let node = tree;
  for (const key of path) node = typeof node === "object" && node !== null ? Object.entries(node).find(([name]) => name === key)?.[1] : undefined;
  if (typeof node !== "string") throw new Error(`locales/en/baraza.json has no text ${path.join(".")}`);
  return node;
}
