import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { present } from "../../src/flows/present.ts";
import { startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR, groupWithMembers } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await groupWithMembers(h);
});
afterEach(() => h.close());

describe("help", () => {
  it("in the group is a short list with a pointer to /help <command> and to the full list in private", async () => {
    const replies = await h.group("aung", "/help");
    const [shown, ...rest] = toGroup(replies);
    expect(rest).toEqual([]);
    expect(shown).toContain("The commands used most:");
    expect(shown).toContain("/concern — raise a security concern");
    expect(shown).toContain("/tasks — ");
    // Facilitators' and private commands are for the full list.
    expect(shown).not.toContain("/forgetme");
    expect(shown).not.toContain("/closevote");
    expect(shown).not.toContain("/invite");
    expect(shown).toContain("Send /help and a command's name to learn more, for example /help vote.");
    expect(shown).toContain("To see all my commands, send /help to me in a private chat.");
    expect(shown?.split("\n").filter((line) => line.startsWith("/"))).toHaveLength(7);
    expect(toPerson(replies, "aung")).toEqual([]);
  });

  it("in private is the full list, in the person's language", async () => {
    const full = toPerson(await h.dm("aung", "/help"), "aung").join("\n");
    expect(full).toContain("These are my commands:");
    expect(full).toContain("/forgetme — ");
    expect(full).toContain("/closevote — ");
    expect(full).not.toContain("send /help to me in a private chat");
    await h.dm("thida", "/lang my");
    const burmese = toPerson(await h.dm("thida", "/help"), "thida").join("\n");
    expect(burmese).toContain("ကျွန်ုပ်ရဲ့ ညွှန်ကြားချက် (command) တွေက ဒါတွေပါ");
    expect(burmese).toContain("/forgetme — ");
  });

  it("about one command is the same in the group as in private", async () => {
    const inGroup = toGroup(await h.group(FACILITATOR, "/help vote"));
    expect(inGroup).toEqual([expect.stringContaining("/vote — vote on which concerns matter most")]);
    expect(inGroup[0]).toContain("/vote ranked");
  });

  it("names every command in the form each platform types it", async () => {
    const replies = await h.dm("aung", "/help");
    const as = (commandPrefix: string) => replies.map((reply) => present({ buttons: "inline", commandPrefix }, reply, h.texts).text).join("\n");
    const telegram = as("/");
    expect(telegram).toContain("\n/vote — vote on which concerns matter most");
    expect(telegram).toContain("Send /help and a command's name to learn more, for example /help vote.");
    const slack = as("/baraza ");
    expect(slack).toContain("\n/baraza vote — vote on which concerns matter most");
    expect(slack).toContain("\n/baraza forgetme — ");
    expect(slack).toContain("Send /baraza help and a command's name to learn more, for example /baraza help vote.");
    expect(slack).not.toMatch(/(^|\s)\/(vote|help|forgetme)\b/m);
  });
});
