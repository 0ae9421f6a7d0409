/**
 * The bot added to a group: one explanation of how to set it up with an
 * invitation; at the deadline the bot leaves, unless the group was set up
 * meanwhile.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/flows/messages.ts";
import { allText, PLATFORM, startHarness, type Harness, shown } from "../support/harness.ts";
import { FACILITATOR, makeCoordinator, setUpGroup } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const CHAT = "new-group";
const GREETING = /I work only in groups set up with an invitation from a programme coordinator\. If you have an invitation code, send \/setup CODE here within 15 minutes\./;

function added(by: string, chatId: string = CHAT): Promise<Outbound[]> {
  return h.baraza.handle({ platform: PLATFORM, updateId: `added-${by}-${chatId}`, chat: { id: chatId, kind: "group" }, sender: { id: by, name: by }, text: "", event: { kind: "bot-added" } });
}

async function facilitatorCode(): Promise<string> {
  await makeCoordinator(h, "kofi");
  return /\n\n(CODE\d+)\n\n/.exec(allText(await h.dm("kofi", "/invite")))?.[1] ?? "";
}

describe("the bot added to a group", () => {
  it("explains once that it needs an invitation, then leaves without another word when none is used", async () => {
    const greeting = await added("stranger");
    expect(greeting).toHaveLength(1);
    expect(greeting[0]?.to).toEqual({ kind: "chat", platform: PLATFORM, chatId: CHAT });
    expect(greeting[0] && shown(greeting[0])).toMatch(GREETING);
    // Commands before the deadline are answered as in any group that is not set up; nothing more is said by itself.
    expect(await h.wait("PT14M")).toEqual([]);
    const leaving = await h.wait("PT1M");
    expect(leaving).toEqual([{ to: { kind: "chat", platform: PLATFORM, chatId: CHAT }, text: "", leave: true }]);
    expect(await h.wait("PT1H")).toEqual([]);
    expect(await h.db.group.count()).toBe(0);
  });

  it("stays when a facilitator sets the group up with an invitation before the deadline", async () => {
    const code = await facilitatorCode();
    await added(FACILITATOR);
    await h.group(FACILITATOR, `/setup ${code}`, CHAT);
    expect(await h.wait("PT20M")).toEqual([]);
    expect((await h.store.groups.find(PLATFORM, CHAT))?.programmeId).not.toBeNull();
  });

  it("takes an invitation that came with the bot (/start CODE in the group, as Telegram's add-to-group link sends it)", async () => {
    const code = await facilitatorCode();
    await added(FACILITATOR);
    const replies = await h.group(FACILITATOR, `/start ${code}`, CHAT);
    expect(replies[0]?.text).toContain("Let's set up this group. What is the group called?");
    expect(await h.wait("PT20M")).toEqual([]);
  });

  it("refuses a code that does not work, and still leaves at the deadline", async () => {
    await added(FACILITATOR);
    const replies = await h.group(FACILITATOR, "/start NOT-A-CODE", CHAT);
    expect(replies.map((r) => r.text)).toEqual(["That code did not work. A code works only once and only for a limited time. Please ask your coordinator for a new one."]);
    expect((await h.wait("PT15M")).map((r) => r.leave)).toEqual([true]);
  });

  it("follows a group upgraded to a new chat id before it was set up, and leaves it there", async () => {
    await added("stranger");
    await h.wait("PT5M");
    await h.baraza.handle({ platform: PLATFORM, chat: { id: CHAT, kind: "group" }, sender: { id: "stranger", name: "stranger" }, text: "", event: { kind: "chat-moved", toChatId: "super-2" } });
    const leaving = [...(await h.wait("PT10M")), ...(await h.wait("PT5M"))];
    expect(leaving.map((r) => r.to)).toEqual([
      { kind: "chat", platform: PLATFORM, chatId: CHAT },
      { kind: "chat", platform: PLATFORM, chatId: "super-2" },
    ]);
  });

  it("keeps a group upgraded after it was set up", async () => {
    await setUpGroup(h);
    await h.baraza.handle({ platform: PLATFORM, chat: { id: "group-1", kind: "group" }, sender: { id: FACILITATOR, name: "Amina" }, text: "", event: { kind: "chat-moved", toChatId: "super-3" } });
    expect(await h.wait("PT1H")).toEqual([]);
  });

  it("greets a group that is already set up as before, and never leaves it", async () => {
    await setUpGroup(h);
    const greeting = await added(FACILITATOR, "group-1");
    expect(greeting.map(shown)).toEqual(["Hello! I am Baraza, this group's helper. Send /join to take part, /step to see where the group is, and /help for everything I can do."]);
    expect(await h.wait("PT1H")).toEqual([]);
  });

  it("explains in the language of the person who added it", async () => {
    await h.dm("thida", "/lang my");
    const greeting = await added("thida");
    expect(greeting[0]?.text).toContain("15");
    expect(greeting[0]?.text).toContain("ဖိတ်ကြားကုဒ်");
  });
});
