/**
 * Telegram's rate limits as the bot keeps them, through the real adapter and
 * the fake Bot API, with Telegram's own figures (one message a second to a
 * chat): what arrives when, and in what order. The group's and the overall
 * limits are tested on a faked clock (test/bots/rate.test.ts); here time is
 * real, so only a chat's second is waited for.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SendingStopped } from "../../../src/bots/rate.ts";
import { TELEGRAM_LIMITS } from "../../../src/bots/telegram/limits.ts";
import type { Outbound } from "../../../src/flows/messages.ts";
import { AMINA, BOSCO, startTelegramTest, type TelegramTest } from "./setup.ts";

/** Timers may fire a little before the millisecond they were set for. */
const SECOND = 990;
/**
 * Two calls let go a second apart arrive at the fake less than a second
 * apart when the first was slower on its way (a new connection, a loaded
 * machine); without limits they arrive milliseconds apart.
 */
const SECOND_ON_ARRIVAL = 700;

let t: TelegramTest;
beforeEach(async () => {
  t = await startTelegramTest(TELEGRAM_LIMITS);
});
afterEach(() => t.close());

function toPerson(id: number, text: string): Outbound {
  return { to: { kind: "person", platform: "telegram", userId: String(id) }, text };
}

function arrivals(chatId: number): number[] {
  return t.api.calls.filter((call) => call.method === "sendMessage" && call.payload["chat_id"] === String(chatId)).map((call) => call.at);
}

describe("Telegram's rate limits", () => {
  it("sends a burst to one chat a second apart, in order, and another chat's message at once", async () => {
    const burst = ["first", "second", "third"].map((text) => t.telegram.send(toPerson(AMINA.id, text)));
    const other = t.telegram.send(toPerson(BOSCO.id, "meanwhile"));
    await Promise.all([...burst, other]);
    expect(t.api.textsTo(AMINA.id)).toEqual(["first", "second", "third"]);
    const [first = 0, second = 0, third = 0] = arrivals(AMINA.id);
    expect(second - first).toBeGreaterThanOrEqual(SECOND_ON_ARRIVAL);
    expect(third - second).toBeGreaterThanOrEqual(SECOND_ON_ARRIVAL);
    expect(third - first).toBeGreaterThanOrEqual(SECOND + SECOND_ON_ARRIVAL);
    expect(arrivals(BOSCO.id)[0]).toBeLessThan(second);
  });

  it("still waits out a 429 for its retry_after", async () => {
    t.api.failNext("sendMessage", 429, { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    await t.telegram.send(toPerson(AMINA.id, "Your task is due tomorrow"));
    const [refused = 0, accepted = 0] = arrivals(AMINA.id);
    expect(accepted - refused).toBeGreaterThanOrEqual(SECOND_ON_ARRIVAL);
    expect(t.api.textsTo(AMINA.id)).toEqual(["Your task is due tomorrow", "Your task is due tomorrow"]);
  });

  it("takes a message's buttons away without waiting behind its chat's next message", async () => {
    const question = await t.telegram.send({ ...toPerson(AMINA.id, "Which language?"), choices: [{ number: 1, label: "English" }], question: "q-language" });
    const next = t.telegram.send(toPerson(AMINA.id, "Next"));
    if (!question) throw new Error("The question was not sent");
    await t.telegram.clearChoices(question);
    const cleared = t.api.calls.find((call) => call.method === "editMessageReplyMarkup");
    expect(cleared?.payload["message_id"]).toBe(Number(question.messageId));
    expect(t.api.textsTo(AMINA.id)).toEqual(["Which language?"]);
    await next;
    expect(t.api.textsTo(AMINA.id)).toEqual(["Which language?", "Next"]);
  });

  it("fails the messages still waiting at once when sending stops, and sends nothing of them", async () => {
    const sends = ["first", "second", "third"].map((text) => t.telegram.send(toPerson(AMINA.id, text)));
    await sends[0];
    const stopped = performance.now();
    t.telegram.stopSending();
    const results = await Promise.allSettled(sends.slice(1));
    expect(performance.now() - stopped).toBeLessThan(500);
    expect(results.map((result) => (result.status === "rejected" ? result.reason : result.value))).toEqual([expect.any(SendingStopped), expect.any(SendingStopped)]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(t.api.textsTo(AMINA.id)).toEqual(["first"]);
  });
});
