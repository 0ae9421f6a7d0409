/**
 * A working group on Telegram, from set-up to its priorities: the group is
 * set up and joined by pressing buttons, concerns are raised in private,
 * the vote is cast in private (by pressing the ballot's buttons, which
 * rewrite the ballot in place, or typed) and closed in the group.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { PLATFORM } from "../../../src/bots/telegram/inbound.ts";
import { message, type Person } from "./fake-bot-api.ts";
import { AMINA, GROUP_CHAT, startTelegramTest, type TelegramTest } from "./setup.ts";

const AUNG: Person = { id: 601, first_name: "Aung" };
const THIDA: Person = { id: 602, first_name: "Thida" };
const RAM: Person = { id: 603, first_name: "Ram" };

let t: TelegramTest;
beforeEach(async () => {
  t = await startTelegramTest();
});
afterEach(() => t.close());

const inGroup = (person: Person, text: string) => t.feed(message(person, GROUP_CHAT, text));
const pressInGroup = (person: Person, button: string | number) => t.pressButton(person, GROUP_CHAT, button);
const inPrivate = (person: Person, text: string) => t.feed(message(person, person.id, text));
const pressInPrivate = (person: Person, button: string | number) => t.pressButton(person, person.id, button);

it("walks a group through set-up, joining, private concerns and a vote to its priorities", async () => {
  const programme = await t.harness.store.programmes.create("Test programme");
  const coordinator = await t.harness.store.people.identify(PLATFORM, String(AMINA.id), "Amina");
  await t.harness.store.programmes.addCoordinator(programme.id, coordinator.id);

  await inGroup(AMINA, "/setup@BarazaBot");
  await inGroup(AMINA, "Ward 4 Safety Group");
  await inGroup(AMINA, "Hlaingbwe");
  // Language, time zone and the five questions about the site: buttons.
  for (let answer = 0; answer < 7; answer++) await pressInGroup(AMINA, 1);
  expect(t.api.textsTo(GROUP_CHAT).join("\n")).toContain("Ward 4 Safety Group");
  // The facilitator, like everyone, agrees to take part in private.
  await pressInPrivate(AMINA, 1);
  await inPrivate(AMINA, "0");

  for (const member of [AUNG, THIDA, RAM]) {
    await inGroup(member, "/join");
    await pressInPrivate(member, 1);
    await inPrivate(member, "0");
  }

  await inGroup(AMINA, "/next");
  await pressInGroup(AMINA, 1);

  const concerns: [Person, string][] = [
    [AUNG, "No lights on the market road"],
    [THIDA, "Harassment on the plantation path"],
    [RAM, "Fights at the crossroads"],
  ];
  for (const [member, concern] of concerns) {
    // Without a name: in one message.
    await inPrivate(member, `/concern ${concern}`);
  }
  // Nothing of a private concern reaches the group.
  expect(t.api.textsTo(GROUP_CHAT).join("\n")).not.toContain("market road");

  await inGroup(AMINA, "/vote");
  expect(t.api.textsTo(GROUP_CHAT).join("\n")).toContain("You have 3 points.");

  // Aung votes by pressing: the ballot comes to the private chat and is rewritten in place as points are added.
  await pressInGroup(AUNG, "Vote in private");
  expect(t.api.calls.filter((c) => c.method === "answerCallbackQuery").at(-1)?.payload["text"]).toContain("I have sent you the ballot");
  const ballot = t.api.keyboardIn(AUNG.id);
  for (const button of ["➕ 1.", "➕ 1.", "➕ 3."]) await pressInPrivate(AUNG, button);
  const edits = t.api.calls.filter((c) => c.method === "editMessageText" && c.payload["chat_id"] === String(AUNG.id));
  expect(edits.map((c) => c.payload["message_id"])).toEqual([ballot?.messageId, ballot?.messageId, ballot?.messageId]);
  expect(String(edits.at(-1)?.payload["text"])).toContain("No points left to give.");
  await pressInPrivate(AUNG, "Cast my vote");
  expect(String(t.api.calls.filter((c) => c.method === "editMessageText").at(-1)?.payload["text"])).toContain("✅ Your vote is saved:");
  expect(t.api.keyboardIn(AUNG.id)).toBeNull();

  // Thida never opened the bot's private chat: her press opens it for her, where /start resume brings the ballot.
  t.api.refuse("sendMessage", 403, { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" }, THIDA.id);
  await pressInGroup(THIDA, "Vote in private");
  expect(t.api.calls.filter((c) => c.method === "answerCallbackQuery").at(-1)?.payload["url"]).toBe("https://t.me/BarazaBot?start=resume");
  t.api.forgive();
  expect(t.logged).toEqual([expect.objectContaining({ event: "delivery-failed", platform: "telegram", to: "person", error: "Undeliverable" })]);
  t.logged.length = 0;
  await inPrivate(THIDA, "/start resume");
  expect(t.api.textsTo(THIDA.id).at(-1)).toContain("3 points left to give.");
  await inPrivate(THIDA, "/vote@BarazaBot 3 3 3");
  await inPrivate(RAM, "/vote 1 2 3");
  await inGroup(AMINA, "/closevote");
  await pressInGroup(AMINA, "Yes, close it now");

  const result = t.api.textsTo(GROUP_CHAT).at(-1) ?? "";
  expect(result).toContain("1. #3 “⁨Fights at the crossroads⁩” — 5 points");
  expect(result).toContain("The group's priorities are now: #3, #1, #2.");
  expect(t.logged).toEqual([]);
});
