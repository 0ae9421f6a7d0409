/**
 * Every date a person reads is the group's date: a group in Kathmandu
 * (UTC+05:45) sees its own day in `/tasks`, `/plans`, `/summary`, `/mydata`
 * and the exports, and a text about several groups (`/mydata`) reads each
 * date in its own group's zone. The bot's own default zone (Yangon in the
 * tests) must not leak into any of them.
 */
import { Duration } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { groupWithApprovedPlan } from "../support/approved-plan.ts";
import { GROUP, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { agreeToTakePart, FACILITATOR, makeCoordinator, SETUP_ANSWERS } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

/** Sets up a group in `chatId` whose time zone is the setup question's option `zone` (2 Kathmandu, 3 Nairobi). */
async function setUpIn(chatId: string, name: string, zone: string): Promise<void> {
  await h.group(FACILITATOR, "/setup", chatId);
  const answers = [name, ...SETUP_ANSWERS.slice(1)];
  answers[3] = zone;
  for (const answer of answers) await h.group(FACILITATOR, answer, chatId);
  await agreeToTakePart(h, FACILITATOR);
}

async function join(person: string, chatId: string): Promise<void> {
  await h.group(person, "/join", chatId);
  await h.dm(person, "1");
  await h.dm(person, "0");
}

async function mydata(person: string): Promise<string> {
  return toPerson(await h.dm(person, "/mydata"), person).join("\n");
}

describe("dates in the group's time zone", () => {
  it("/mydata dates each membership in its own group's day, just after midnight in Kathmandu", async () => {
    // 18:20 UTC on 23 November: 00:05 on the 24th in Kathmandu, 21:20 on the 23rd in Nairobi (and 00:50 on the 24th in Yangon, the bot's default).
    h.clock.advance(Duration.fromISO("PT15H50M"));
    await makeCoordinator(h);
    await setUpIn(GROUP, "Kathmandu Ward 7", "2");
    await setUpIn("group-2", "Nairobi Block C", "3");
    await join("aung", GROUP);
    await join("aung", "group-2");
    const text = await mydata("aung");
    expect(text).toContain("Kathmandu Ward 7: member since 2026-11-24; agreed to take part on 2026-11-24");
    expect(text).toContain("Nairobi Block C: member since 2026-11-23; agreed to take part on 2026-11-23");
  });

  it("shows a task's due day the same in /tasks, /plans, /summary, /mydata and the exports", async () => {
    await groupWithApprovedPlan(h);
    const group = await h.store.groups.find("test", GROUP);
    if (!group) throw new Error("no group");
    await h.store.groups.update(group.id, { timeZone: "Asia/Kathmandu" });
    const task = await h.db.task.findFirstOrThrow({ where: { title: "Write to the electricity office" } });
    // The first minutes of 30 November in Kathmandu are still 29 November in UTC.
    await h.store.monitoring.updateTask(task.id, { dueAt: new Date("2026-11-29T18:20:00Z") }, h.clock.now());
    const dueOn30th = (text: string) => {
      expect(text).toContain("2026-11-30");
      expect(text).not.toContain("2026-11-29");
    };

    dueOn30th(toPerson(await h.dm("aung", "/tasks"), "aung").join("\n"));
    dueOn30th(toGroup(await h.group(FACILITATOR, "/plans 1")).join("\n"));
    expect(await mydata("aung")).toContain("Write to the electricity office (not started)\n   due 2026-11-30");

    // Past the due day in Kathmandu: late, and named with its day.
    h.clock.advance(Duration.fromISO("P8D"));
    dueOn30th(toGroup(await h.group(FACILITATOR, "/summary")).join("\n"));
    const [exported] = await h.group(FACILITATOR, "/export md");
    dueOn30th(new TextDecoder().decode(exported?.files?.[0]?.data));
  });
});
