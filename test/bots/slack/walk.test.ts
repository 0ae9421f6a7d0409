/**
 * A working group in a Slack channel, from set-up to its priorities: set up
 * with the slash command, joined with buttons and consent in DMs, concerns
 * raised in DMs, the vote cast by pressing the ballot's buttons in DMs
 * (rewritten in place with chat.update) and closed in the channel.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { PLATFORM } from "../../../src/bots/slack/inbound.ts";
import { CHANNEL, startSlackTest, type SlackTest } from "./setup.ts";

let t: SlackTest;
beforeEach(async () => {
  t = await startSlackTest();
});
afterEach(() => t.close());

it("walks a channel through set-up, joining, private concerns and a vote by button presses in DMs", async () => {
  const amina = t.person("amina");
  const programme = await t.harness.store.programmes.create("Test programme");
  const coordinator = await t.harness.store.people.identify(PLATFORM, amina.id, "Amina");
  await t.harness.store.programmes.addCoordinator(programme.id, coordinator.id);
  const dmOf = (user: { id: string }) => t.api.dmOf(user.id);

  await t.invited(amina, CHANNEL);
  await t.command(amina, CHANNEL, "setup");
  const asked = t.api.messages(CHANNEL).at(-1);
  expect(asked).toBeDefined();
  await t.threadReply(amina, CHANNEL, asked?.ts ?? "", "Ward 4 Safety Group");
  const askedPlace = t.api.messages(CHANNEL).at(-1);
  await t.threadReply(amina, CHANNEL, askedPlace?.ts ?? "", "Hlaingbwe");
  for (let answer = 0; answer < 7; answer++) await t.press(amina, CHANNEL, "1.");
  expect(t.texts(CHANNEL).join("\n")).toContain("Ward 4 Safety Group");
  await t.press(amina, dmOf(amina), "1.");
  await t.dm(amina, "0");

  const members = [t.person("aung"), t.person("thida"), t.person("ram")];
  for (const member of members) {
    await t.command(member, CHANNEL, "join");
    await t.press(member, dmOf(member), "1.");
    await t.dm(member, "0");
  }
  await t.command(amina, CHANNEL, "next");
  await t.press(amina, CHANNEL, "1.");

  const concerns = ["No lights on the market road", "Harassment on the plantation path", "Fights at the crossroads"];
  for (const [index, member] of members.entries()) await t.command(member, dmOf(member), `concern ${concerns[index] ?? ""}`);
  expect(t.texts(CHANNEL).join("\n")).not.toContain("market road");

  await t.command(amina, CHANNEL, "vote");
  expect(t.texts(CHANNEL).join("\n")).toContain("You have 3 points.");
  for (const member of members) {
    await t.press(member, CHANNEL, "Vote in private");
    const ballot = t.api.messages(dmOf(member)).at(-1);
    for (const button of ["➕ 1.", "➕ 1.", "➕ 3."]) await t.press(member, dmOf(member), button);
    await t.press(member, dmOf(member), "Cast my vote");
    // Each press rewrote the ballot where it was: three points, then the vote cast.
    const updates = t.api.calls.filter((c) => c.method === "chat.update" && c.payload["channel"] === dmOf(member)).slice(-4);
    expect(updates.map((c) => c.payload["ts"])).toEqual([ballot?.ts, ballot?.ts, ballot?.ts, ballot?.ts]);
    expect(t.api.messages(dmOf(member)).at(-1)?.ts).toBe(ballot?.ts);
    expect(t.texts(dmOf(member)).at(-1)).toContain("Your vote is saved");
  }
  await t.command(amina, CHANNEL, "closevote");
  const result = t.texts(CHANNEL).join("\n");
  expect(result).toContain("No lights on the market road");
  expect(t.logged).toEqual([]);
});
