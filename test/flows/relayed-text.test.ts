/**
 * What people write reaches others inside the bot's frame and cannot forge
 * it: no new line of the bot's making, no bidirectional trick, no quotation
 * mark that closes the bot's, no tappable command or link. Control and
 * invisible characters never reach the store, and a text of nothing visible
 * is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rawToGroup as toGroup, startHarness, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR, groupAtStep2, groupWithMembers, setUpGroup, SETUP_ANSWERS, makeCoordinator } from "../support/scenario.ts";
import { groupWithApprovedPlan } from "../support/approved-plan.ts";
import { snapshot } from "../support/snapshot.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

/** Characters that would let a text rearrange or disguise what surrounds it. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2066\u2067\u2028\u2029\ufeff]/u;

/**
 * The lines of a message that look like one of the bot's concern lines
 * ("#7 … (raised by …)" or "(anonymous)"): each must be one real concern,
 * its words inside the bot's quotation marks.
 */
function concernLines(text: string): string[] {
  return text.split("\n").filter((line) => /#\d+/.test(line) && /\((raised by|anonymous)/.test(line));
}

async function raiseAnonymously(person: string, text: string): Promise<void> {
  await h.dm(person, `/concern ${text}`);
}

describe("a concern's words", () => {
  it("cannot add a line that names someone as the author of an accusation", async () => {
    await groupAtStep2(h);
    await raiseAnonymously("aung", "Thefts at the market\n#7 The headman takes bribes (raised by Thida)");
    const digest = toGroup(await h.wait("PT2H")).join("\n");
    const lines = concernLines(digest);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^#1 “\u2068Thefts at the market \/ #7 The headman takes bribes \(raised by Thida\)\u2069” \(anonymous\)$/);
  });

  it("cannot turn a line around or hide inside it with bidirectional and invisible characters", async () => {
    await groupAtStep2(h);
    await raiseAnonymously("aung", "Checkpoint fees\u202E)adihT yb desiar(\u202C\u200B");
    const stored = await h.db.concern.findFirstOrThrow();
    expect(stored.text).toBe("Checkpoint fees)adihT yb desiar(");
    const digest = toGroup(await h.wait("PT2H")).join("\n");
    expect(digest).not.toMatch(CONTROLS);
  });

  it("cannot close the bot's quotation marks early", async () => {
    await groupAtStep2(h);
    await raiseAnonymously("aung", "Fights” (raised by Thida) “at night");
    const digest = toGroup(await h.wait("PT2H")).join("\n");
    expect(concernLines(digest)[0]).toContain('“\u2068Fights" (raised by Thida) "at night\u2069” (anonymous)');
  });

  it("carries no tappable command, link or mention into the group, on the digest, the ballot and the list", async () => {
    await groupAtStep2(h);
    await raiseAnonymously("aung", "tap /closevote or see https://evil.example and ask @headman");
    await raiseAnonymously("thida", "Dark road");
    const shown = [...toGroup(await h.wait("PT2H")), ...toGroup(await h.group("ram", "/concerns")), ...toGroup(await h.group(FACILITATOR, "/vote"))].join("\n");
    expect(shown).toContain("closevote");
    expect(shown).not.toMatch(/(^|[^\p{L}\p{N}\u2060])\/closevote/u);
    expect(shown).not.toContain("https://");
    expect(shown).not.toContain("@headman");
  });

  it("of nothing visible is refused, and nothing is stored", async () => {
    await groupAtStep2(h);
    const before = await snapshot(h.db);
    // Sent with the command, nothing is left once the invisible characters go: the bot explains, as for `/concern` alone.
    expect(toPerson(await h.dm("aung", "/concern \u200B\u3164\u2800\u200D"), "aung").join("\n")).toContain("send it in one message that starts with /concern");
    await h.dm("aung", "/concern named");
    const replies = await h.dm("aung", "\u3164\u200B \u2800");
    expect(toPerson(replies, "aung").join("\n")).toContain("That was empty.");
    expect(await snapshot(h.db)).toEqual(before);
  });
});

describe("what people type, coming in", () => {
  it("keeps no control character: NUL and BEL never reach the store, nor the platform", async () => {
    await groupAtStep2(h);
    await raiseAnonymously("aung", "Road\u0000 is\u0007 dark\u001b[2J");
    expect((await h.db.concern.findFirstOrThrow()).text).toBe("Road is dark[2J");
    expect(h.sent.map((m) => m.text).join("\n")).not.toMatch(CONTROLS);
  });

  it("reads a number followed by an invisible space as that number", async () => {
    await groupAtStep2(h);
    await h.group(FACILITATOR, "/next");
    const asked = await h.group(FACILITATOR, "2\u200B");
    expect(toGroup(asked).join("\n")).toContain("The group stays at this step.");
  });

  it("answers a huge number on a ballot by naming it as typed, and keeps the ballot", async () => {
    await groupAtStep2(h);
    await raiseAnonymously("aung", "Dark road");
    await raiseAnonymously("thida", "Fights");
    await h.wait("PT2H");
    await h.group(FACILITATOR, "/vote");
    await h.dm("aung", "/vote 1 1 2");
    const before = await snapshot(h.db);
    const replies = toPerson(await h.dm("aung", "/vote 99999999999999999999"), "aung").join("\n");
    expect(replies).toContain("99999999999999999999");
    expect(replies).not.toContain("100000000000000000000");
    expect(await snapshot(h.db)).toEqual(before);
  });
});

describe("other texts people write, shown to others", () => {
  it("a display name cannot start a line or carry a command into the group", async () => {
    await setUpGroup(h);
    await h.baraza.handle({ platform: "test", chat: { id: "group-1", kind: "group" }, sender: { id: "mallory", name: "Mal\n#9 fake line /closevote\u202E" }, text: "/join" });
    const replies = await h.baraza.handle({ platform: "test", chat: { id: "dm-mallory", kind: "private" }, sender: { id: "mallory", name: "Mal\n#9 fake line /closevote\u202E" }, text: "1" });
    const welcome = toGroup(replies).join("\n");
    expect(welcome).toContain("Mal #9 fake line");
    expect(welcome.split("\n").some((line) => line.startsWith("#9"))).toBe(false);
    expect(welcome).not.toMatch(CONTROLS);
    expect(welcome).not.toMatch(/(^|\s)\/closevote/u);
  });

  it("a group's name and place are shown on one line, isolated", async () => {
    await makeCoordinator(h);
    await h.group(FACILITATOR, "/setup");
    const answers = ["Ward 4\n#1 forged line", "Hlaingbwe\u202E", ...SETUP_ANSWERS.slice(2)];
    let done = "";
    for (const answer of answers) done = toGroup(await h.group(FACILITATOR, answer)).join("\n");
    expect(done).toContain("\u2068Ward 4 #1 forged line\u2069");
    expect(done.split("\n").some((line) => line.startsWith("#1"))).toBe(false);
    expect(done).not.toMatch(CONTROLS);
  });

  it("task titles, owners and plan parts stay inside the bot's frame in the plan, the task list and the summary", async () => {
    await groupWithApprovedPlan(h);
    const task = await h.db.task.findFirstOrThrow();
    await h.db.task.update({ where: { id: task.id }, data: { title: "Fix the lock\n• late: “Bribes” (Thida), due 2026-01-01" } });
    const shown = [...toGroup(await h.group("ram", "/tasks")), ...toGroup(await h.group("ram", "/plans 1")), ...toGroup(await h.group("ram", "/summary"))].join("\n");
    expect(shown.split("\n").some((line) => line.startsWith("• late: “Bribes”"))).toBe(false);
    expect(shown).toContain("Fix the lock / • late:");
  });

  it("a stakeholder's name cannot add a line to the map", async () => {
    await groupWithMembers(h);
    await h.group(FACILITATOR, "/stakeholders add Police\n• Thida (opposes)");
    await h.group(FACILITATOR, "1");
    const map = toGroup(await h.group("ram", "/stakeholders")).join("\n");
    expect(map.split("\n").filter((line) => line.startsWith("• "))).toHaveLength(1);
  });
});
