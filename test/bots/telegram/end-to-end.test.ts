/**
 * The real bot process (`npm start` with a token) against a local Bot API
 * server (telegram-test-api): a programme is created on the command line, its
 * coordinator sets a group up, three people join, raise concerns in private,
 * vote by pressing buttons (the ballot comes to the private chat and is
 * rewritten in place as points are added), see the result in the group, and
 * approve a plan drafted in private. Choices are answered by pressing the
 * inline buttons the bot sent.
 *
 * telegram-test-api answers setMyCommands with an error, which also shows the
 * bot starting anyway; its getUpdates does not wait, so the bot polls fast.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { z } from "zod";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freshSqliteUrl, type FreshUrl } from "../../store/databases.ts";

const TOKEN = "424242:END-TO-END";
const GROUP_ID = -100777;
const PORT = 20000 + Math.floor(Math.random() * 20000);

type Client = ReturnType<TelegramServer["getClient"]>;

/** What the server kept of a message the bot sent (its own types need a package it does not install); edits change it in place. */
const sentSchema = z.object({
  messageId: z.number(),
  message: z.object({
    chat_id: z.union([z.string(), z.number()]),
    text: z.string().optional(),
    // Inline buttons, or a request to reply (force_reply) under a question answered by typing.
    reply_markup: z.object({ inline_keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string().optional() }))).optional() }).optional(),
  }),
});

function sentByBot(): z.infer<typeof sentSchema>[] {
  return z.array(sentSchema).parse(server.storage.botMessages);
}

let fresh: FreshUrl;
let server: TelegramServer;
let bot: ChildProcess;
let botLog = "";

beforeAll(async () => {
  fresh = await freshSqliteUrl();
  server = new TelegramServer({ port: PORT, host: "127.0.0.1", storeTimeout: 600 });
  await server.start();
});

afterAll(async () => {
  if (bot && bot.exitCode === null) {
    const exited = new Promise((resolve) => bot.once("exit", resolve));
    bot.kill("SIGTERM");
    await exited;
  }
  await server.stop();
  await fresh.remove();
});

function env(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: fresh.url, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: server.config.apiURL, TELEGRAM_RATE_LIMITS: "none", DEFAULT_TIMEZONE: "Asia/Yangon" };
}

async function startBot(): Promise<void> {
  bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    bot.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("running on Telegram")) resolve();
    });
    bot.stderr?.on("data", (chunk: Buffer) => (botLog += chunk.toString()));
    bot.once("exit", () => reject(new Error(`The bot stopped: ${botLog}`)));
  });
}

interface Person {
  name: string;
  id: number;
  group: Client;
  private: Client;
}

function person(name: string, id: number): Person {
  const common = { userId: id, firstName: name, userName: name.toLowerCase() };
  return {
    name,
    id,
    group: server.getClient(TOKEN, { ...common, chatId: GROUP_ID, type: "group", chatTitle: "Ward 4" }),
    private: server.getClient(TOKEN, { ...common, chatId: id, type: "private" }),
  };
}

/**
 * Waits until the bot has written to `chatId` (and `expected`, if given: messages
 * to one chat go a second apart, Telegram's limit) and gone quiet; returns what it wrote there.
 */
async function answered(before: number, chatId: number, expected?: string): Promise<string[]> {
  // A group gets at most 20 messages a minute (Telegram's limit, kept by the bot): a busy one may wait that long.
  const deadline = Date.now() + 70_000;
  const texts = () =>
    sentByBot()
      .slice(before)
      .filter((sent) => String(sent.message.chat_id) === String(chatId))
      .map((sent) => sent.message.text ?? "");
  let count = before;
  let lastChange = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = server.storage.botMessages.length;
    if (now !== count) {
      count = now;
      lastChange = Date.now();
    }
    const got = texts();
    if (got.length > 0 && Date.now() - lastChange >= 300 && (expected === undefined || got.join("\n").includes(expected))) return got;
    if (Date.now() > deadline) throw new Error(`No answer from the bot in chat ${chatId}; its log: ${botLog}`);
  }
}

/** Sends `text` from `client`'s chat; waits for the answer in `chatId`. */
async function write(client: Client, chatId: number, text: string, expected?: string): Promise<string[]> {
  const before = server.storage.botMessages.length;
  if (text.startsWith("/")) await client.sendCommand(client.makeCommand(text));
  else await client.sendMessage(client.makeMessage(text));
  return answered(before, chatId, expected);
}

/**
 * Presses the newest button in `chatId` whose text includes `label`, as the
 * app does (with the button's data, under its message); waits until the bot
 * has answered in `answerChat` or rewritten the pressed message.
 */
async function pressButton(client: Client, chatId: number, label: string, answerChat: number = chatId): Promise<string[]> {
  const messages = sentByBot().filter((sent) => String(sent.message.chat_id) === String(chatId));
  const pressed = messages.reverse().find((sent) => buttonsOf(sent).some((button) => button.text.includes(label)));
  const data = pressed && buttonsOf(pressed).find((button) => button.text.includes(label))?.callback_data;
  if (!pressed || !data) throw new Error(`No button "${label}" in chat ${chatId}`);
  const before = server.storage.botMessages.length;
  const textBefore = pressed.message.text;
  await client.sendCallback(client.makeCallbackQuery(data, { message: { message_id: pressed.messageId } }));
  const deadline = Date.now() + 70_000;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = sentByBot().find((sent) => sent.messageId === pressed.messageId);
    if (now && now.message.text !== textBefore) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return [now.message.text ?? ""];
    }
    if (sentByBot().slice(before).some((sent) => String(sent.message.chat_id) === String(answerChat))) return answered(before, answerChat);
    if (Date.now() > deadline) throw new Error(`No answer to the press in chat ${answerChat}; the bot's log: ${botLog}`);
  }
}

function buttonsOf(sent: z.infer<typeof sentSchema>): { text: string; callback_data?: string | undefined }[] {
  return (sent.message.reply_markup?.inline_keyboard ?? []).flat();
}

/** The texts of the inline buttons under the last message the bot sent to this chat. */
function lastButtons(chatId: number): string[] {
  const mine = sentByBot().filter((sent) => String(sent.message.chat_id) === String(chatId));
  const last = mine.at(-1);
  return last ? buttonsOf(last).map((button) => button.text) : [];
}

it("walks a group of three from set-up to its priorities, in a real bot process", async () => {
  const created = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "programme", "create", "Karen State CSWGs"], { env: env(), encoding: "utf8" });
  const code = /\/start (\S+)/.exec(created.stdout)?.[1] ?? "";
  expect(code).not.toBe("");
  await startBot();

  const amina = person("Amina", 701);
  const members = [person("Aung", 702), person("Thida", 703), person("Ram", 704)];

  expect((await write(amina.private, amina.id, `/start ${code}`)).join("\n")).toContain("coordinator");
  await write(amina.group, GROUP_ID, "/setup");
  await write(amina.group, GROUP_ID, "Ward 4 Safety Group");
  await write(amina.group, GROUP_ID, "Hlaingbwe");
  for (let question = 0; question < 7; question++) {
    expect(lastButtons(GROUP_ID)[0]).toMatch(/^1\. /);
    await pressButton(amina.group, GROUP_ID, "1. ", question === 6 ? amina.id : GROUP_ID);
  }
  // The facilitator, like everyone, agrees to take part in private.
  await pressButton(amina.private, amina.id, "1. ");
  await write(amina.private, amina.id, "0");

  for (const member of members) {
    await write(member.private, member.id, "/start");
    await pressButton(member.private, member.id, "1. ");
    // The answer that matters comes in private.
    await write(member.group, member.id, "/join");
    expect(lastButtons(member.id)[0]).toMatch(/^1\. /);
    await pressButton(member.private, member.id, "1. ");
    await write(member.private, member.id, "0");
  }

  await write(amina.group, GROUP_ID, "/next");
  await pressButton(amina.group, GROUP_ID, "1. ");

  const concerns = ["No lights on the market road", "Harassment on the plantation path", "Fights at the crossroads"];
  for (const [index, member] of members.entries()) {
    // Without a name: in one message.
    await write(member.private, member.id, `/concern ${concerns[index] ?? ""}`);
  }

  // The vote: each member presses the announcement's button, gets the ballot in private, and fills it by pressing.
  expect((await write(amina.group, GROUP_ID, "/vote", "You have 3 points.")).join("\n")).toContain("You have 3 points.");
  const ballots = [["➕ 1.", "➕ 1.", "➕ 3."], ["➕ 3.", "➕ 3.", "➕ 3."], ["➕ 1.", "➕ 2.", "➕ 3."]];
  for (const [index, member] of members.entries()) {
    expect((await pressButton(member.group, GROUP_ID, "Vote in private", member.id)).join("\n")).toContain("3 points left to give.");
    for (const button of ballots[index] ?? []) await pressButton(member.private, member.id, button);
    expect((await pressButton(member.private, member.id, "Cast my vote")).join("\n")).toContain("Your vote is saved");
  }

  await write(amina.group, GROUP_ID, "/closevote", "Close the vote now?");
  const result = (await pressButton(amina.group, GROUP_ID, "Yes, close it now")).join("\n");
  expect(result).toContain("1. #3 “⁨Fights at the crossroads⁩” — 5 points");
  expect(result).toContain("The group's priorities are now: #3, #1, #2.");

  // A plan for the first priority, drafted in private by Aung and approved by the group's vote.
  await write(amina.group, GROUP_ID, "/next");
  const [aung, thida, ram] = members as [Person, Person, Person];
  const draft = [
    "/plan 1",
    "1", "Fights start at the crossroads after the bars close",
    "2", "Ask the bar owners to close earlier", "2", "done",
    "3", "Meet the bar owners", "1", "+7", "1", "done",
    "4", "Fewer fights", "done",
    "5", "Fights a month", "8", "2", "done",
    "6", "+30", "done",
  ];
  for (const line of draft) await write(aung.private, aung.id, line);
  expect((await write(aung.private, aung.id, "7", "Put it to the group's vote now?")).join("\n")).toContain("This is the whole plan:");
  expect((await write(aung.private, aung.id, "1", "approval")).join("\n")).toContain("approval");
  for (const member of [aung, thida, ram]) {
    await pressButton(member.group, GROUP_ID, "Vote in private", member.id);
    expect((await pressButton(member.private, member.id, "1. ")).join("\n")).toContain("Your vote is saved");
  }
  await write(amina.group, GROUP_ID, "/closevote", "Close the vote now?");
  const approval = (await pressButton(amina.group, GROUP_ID, "Yes, close it now")).join("\n");
  expect(approval).toContain("approved");
  // The refused command menu was logged, and nothing else went wrong.
  expect(botLog.trim().split("\n").map((line) => JSON.parse(line).event)).toEqual(["telegram-commands-refused"]);
}, 300_000);
