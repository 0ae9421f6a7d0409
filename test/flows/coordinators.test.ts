import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { splitText } from "../../src/flows/split.ts";
import { allText, startHarness, toPerson, type Harness } from "../support/harness.ts";
import { SETUP_ANSWERS, agreeToTakePart } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

/** A programme with its coordinator, and a group set up by a facilitator they invited. */
async function programmeWithGroup(programme: string, coordinator: string, facilitator: string, chat: string, name: string): Promise<void> {
  const created = await h.store.programmes.create(programme);
  const person = await h.store.people.identify("test", coordinator, coordinator);
  await h.store.programmes.addCoordinator(created.id, person.id);
  const code = /\n\n(CODE\d+)\n\n/.exec(allText(await h.dm(coordinator, "/invite")))?.[1] ?? "";
  await h.group(facilitator, `/setup ${code}`, chat);
  for (const answer of [name, ...SETUP_ANSWERS.slice(1)]) await h.group(facilitator, answer, chat);
  await agreeToTakePart(h, facilitator);
}

describe("the coordinator's view", () => {
  it("shows every group of the coordinator's programme and none of another programme's", async () => {
    await programmeWithGroup("Karen programme", "naw", "amina", "g1", "Hlaingbwe ward 4");
    await programmeWithGroup("Karen programme 2", "saw", "zaw", "g2", "Myawaddy riverside");
    const seen = toPerson(await h.dm("naw", "/groups"), "naw").join("\n");
    expect(seen).toContain("Hlaingbwe ward 4");
    expect(seen).not.toContain("Myawaddy riverside");
    const summary = toPerson(await h.dm("saw", "/summary"), "saw").join("\n");
    expect(summary).toContain("Myawaddy riverside");
    expect(summary).not.toContain("Hlaingbwe ward 4");
  });

  it("is refused to members and facilitators who coordinate nothing", async () => {
    await programmeWithGroup("Karen programme", "naw", "amina", "g1", "Hlaingbwe ward 4");
    expect(allText(await h.dm("amina", "/groups"))).toContain("Only a programme coordinator can do that.");
  });

  it("lists the groups needing attention first, and splits at a platform's limit with every group kept", async () => {
    const programme = await h.store.programmes.create("Big programme");
    const naw = await h.store.people.identify("test", "naw", "naw");
    await h.store.programmes.addCoordinator(programme.id, naw.id);
    await h.db.group.createMany({
      data: Array.from({ length: 300 }, (_, i) => ({ platform: "test", chatId: `c${i}`, locale: "en", timeZone: "Asia/Yangon", name: `Group ${String(i).padStart(3, "0")}`, programmeId: programme.id, setupAt: h.clock.now(), lastActivityAt: new Date(h.clock.now().getTime() - i * 86_400_000) })),
    });
    const [overview = ""] = toPerson(await h.dm("naw", "/groups"), "naw");
    const lines = overview.split("\n").filter((line) => line.includes("Group "));
    expect(lines).toHaveLength(300);
    expect(lines[0]).toContain("⚠️ Group 299");
    expect(lines.at(-1)).toContain("Group 000");
    const pieces = splitText(overview, 4096);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(4096);
    expect(pieces.join("\n").split("\n").filter((line) => line.includes("Group "))).toHaveLength(300);
  });
});
