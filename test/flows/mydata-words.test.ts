/**
 * `/mydata` tells a person what happened in their own words and language:
 * no audit codes, job kinds or step numbers; the reminders still to come and
 * those that were sent, never one that was cancelled.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TOLD_ACTIONS } from "../../src/flows/privacy.ts";
import { groupWithApprovedPlan } from "../support/approved-plan.ts";
import { startHarness, toPerson, type Harness } from "../support/harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await groupWithApprovedPlan(h);
});
afterEach(() => h.close());

async function mydata(person: string): Promise<string> {
  return toPerson(await h.dm(person, "/mydata"), person).join("\n");
}

/** Anything that reads like the store's own names rather than words. */
const CODES = /member\.joined|vote\.opened|cycle\.step|task-due-soon|task-overdue|\bnudge\b|\((pending|sent|cancelled|claimed|failed)\)|step \d to step \d/;

describe("/mydata in the person's words", () => {
  it("lists the reminders sent and those still to come, in words, and not one that was cancelled", async () => {
    // Aung's task is due on 30 November: its first reminder goes out on the 29th.
    await h.wait("P6DT12H");
    const aung = (await h.db.person.findFirstOrThrow({ where: { platformUserId: "aung" } })).id;
    // The late-task reminder loses its reason (the task is done early): the store marks it cancelled.
    await h.db.scheduledJob.updateMany({ where: { personId: aung, kind: "task-overdue" }, data: { status: "cancelled" } });

    const text = await mydata("aung");
    const reminders = text.slice(text.indexOf("Reminders for you:"), text.indexOf("To see why I keep this"));
    expect(reminders).toContain("• a reminder that a task of yours is due soon: sent on 2026-11-29");
    expect(reminders).not.toContain("past its date");
    expect(reminders.match(/^• /gm)).toHaveLength(1);
    expect(text).toContain("you joined the group (Ward 4 Safety Group)");
    expect(text).not.toMatch(CODES);

    // Thida's reminder has not gone yet.
    const thida = await mydata("thida");
    expect(thida).toContain("• a reminder that a task of yours is due soon: to be sent on 2026-12-06");
    expect(thida).toContain("• a reminder that a task of yours is past its date: to be sent on 2026-12-08");
    expect(thida).not.toMatch(CODES);
  });

  it("names the steps a facilitator moved, the votes they opened and the question waiting for them", async () => {
    await h.dm("amina", "/forgetme");
    const text = await mydata("amina");
    expect(text).toContain("Ward 4 Safety Group: from “Preparation and conflict analysis” to “Identify and prioritise concerns”");
    expect(text).toContain("you opened a vote (Ward 4 Safety Group)");
    expect(text).toContain("you moved the group to another step (Ward 4 Safety Group)");
    expect(text).toContain("• your answer to /forgetme, last answer on 2026-11-23");
    expect(text).not.toMatch(CODES);
  });

  it("speaks Burmese to a person who reads Burmese", async () => {
    await h.wait("P6DT12H");
    await h.dm("aung", "/lang my");
    const text = await mydata("aung");
    expect(text).toContain("အဖွဲ့ထဲ ဝင်ခဲ့တယ် (Ward 4 Safety Group)");
    expect(text).toContain("သင့်တာဝန်တစ်ခုရဲ့ ပြီးရမယ့်ရက် နီးလာပြီဖြစ်ကြောင်း သတိပေးချက်: 2026-11-29 မှာ ပို့ပြီးပါပြီ");
    expect(text).not.toMatch(CODES);
  });
});

describe("every change the audit log records", () => {
  it("is told in /mydata in words, in every language, so no one reads a log code", () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
    const recorded = new Set(files("src").flatMap((file) => [...readFileSync(file, "utf8").matchAll(/action: "([a-z.-]+)"/g)].map((m) => m[1] ?? "")));
    // A forgotten person's record is about someone no longer there to read it.
    recorded.delete("person.forgotten");
    expect([...recorded].filter((action) => !TOLD_ACTIONS.has(action))).toEqual([]);
    for (const locale of ["en", "my"]) for (const action of recorded) expect(h.texts.t(locale, `privacy:mydata.actions.${action}`)).not.toBe("");
  });
});
