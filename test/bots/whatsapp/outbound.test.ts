/**
 * What the bot's messages look like on WhatsApp: text as written (choices
 * already numbered lines), exports as documents, charts as images, the
 * fallback text where WhatsApp refuses a file.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CAPTION_LIMIT } from "../../../src/bots/whatsapp/outbound.ts";
import type { Outbound } from "../../../src/flows/messages.ts";
import { aGroup, GROUP, startWhatsAppTest, type WhatsAppTest } from "./fake-client.ts";

let test: WhatsAppTest;
beforeEach(async () => {
  test = await startWhatsAppTest();
  await aGroup(test, test.client.person("amina"));
});
afterEach(() => test.close());

const to = { kind: "chat", platform: "whatsapp", chatId: GROUP } as const;
const CSV = { name: "ward-4.csv", mime: "text/csv", data: new TextEncoder().encode("concern,points\nMarket road,5\n") };
const CHART = { name: "ward-4.png", mime: "image/png", data: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) };

function newSince(count: number) {
  return test.client.sentTo(GROUP).slice(count);
}

describe("files", () => {
  it("sends an export as a document and a chart as an image, with the text as the first one's caption", async () => {
    const before = test.client.sentTo(GROUP).length;
    const message: Outbound = { to, text: "Ward 4: the vote's result", files: [CSV, CHART], fallback: "Market road: 5 points" };
    await test.app.send(message);

    const sent = newSince(before);
    expect(sent.map((s) => [s.media?.filename, s.media?.asDocument, s.text])).toEqual([
      ["ward-4.csv", true, "Ward 4: the vote's result"],
      ["ward-4.png", false, ""],
    ]);
    expect(sent[0]?.media?.data.toString("utf8")).toBe("concern,points\nMarket road,5\n");
    expect(sent[1]?.media?.mimetype).toBe("image/png");
  });

  it("sends a text too long for a caption as its own message, before the file", async () => {
    const before = test.client.sentTo(GROUP).length;
    const long = "Concerns and points. ".repeat(Math.ceil(CAPTION_LIMIT / 10));
    await test.app.send({ to, text: long, files: [CSV] });
    expect(newSince(before).map((s) => [s.text, s.media?.filename])).toEqual([
      [long, undefined],
      ["", "ward-4.csv"],
    ]);
  });

  it("sends the fallback text where WhatsApp refuses the file", async () => {
    test.client.refuseMediaIn(GROUP);
    const before = test.client.sentTo(GROUP).length;
    await test.app.send({ to, text: "The export", files: [CSV], fallback: "Market road: 5 points" });
    expect(newSince(before).map((s) => [s.text, s.media])).toEqual([["Market road: 5 points", undefined]]);
  });
});

describe("text", () => {
  it("sends the text as written, numbered choices included, once, without link previews", async () => {
    const before = test.client.sentTo(GROUP).length;
    const ref = await test.app.send({ to, text: "Which language?\n1. English\n2. မြန်မာ", choices: [{ number: 1, label: "English" }, { number: 2, label: "မြန်မာ" }], question: "q1" });
    const sent = newSince(before);
    expect(sent.map((s) => s.text)).toEqual(["Which language?\n1. English\n2. မြန်မာ"]);
    expect(sent[0]?.options?.linkPreview).toBe(false);
    expect(ref).toEqual({ platform: "whatsapp", chatId: GROUP, messageId: sent[0]?.id });
  });

  it("sends nothing for an empty goodbye, and leaves the group after it", async () => {
    const before = test.client.sentTo(GROUP).length;
    expect(await test.app.send({ to, text: "", leave: true })).toBeUndefined();
    expect(newSince(before)).toEqual([]);
    expect(test.client.left).toEqual([GROUP]);
    // Leaving again (a job run twice) changes nothing and fails nothing.
    expect(await test.app.send({ to, text: "", leave: true })).toBeUndefined();
    expect(test.client.attempts.filter((chat) => chat === GROUP)).toHaveLength(before);
    expect(test.client.left).toEqual([GROUP]);
  });
});
