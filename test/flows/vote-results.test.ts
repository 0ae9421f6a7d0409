/**
 * A vote's result and turnout read the same wherever a person reads them:
 * at close, in `/priorities`, in `/summary`, and in the CSV, Markdown and PDF
 * exports.
 */
import { parse } from "csv-parse/sync";
import { PDFParse } from "pdf-parse";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/flows/messages.ts";
import { GROUP, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR, closeVoteNow, groupAtStep2, joinMembers } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  // The facilitator, aung, thida, ram and mya: five members.
  await groupAtStep2(h);
  await joinMembers(h, ["mya"]);
  for (const [person, text] of [["aung", "No lights on the market road"], ["thida", "Harassment on the plantation path"], ["ram", "Fights at the crossroads"]] as const) {
    await h.dm(person, `/concern ${text}`);
  }
});
afterEach(() => h.close());

interface Exported {
  csv: (what: string) => string[][];
  markdown: string;
  pdf: string;
}

/** What `/export` sent the group, each file read back as its reader would see it. */
async function exported(): Promise<Exported> {
  const [message] = await h.group(FACILITATOR, "/export");
  const files = message?.files ?? [];
  const csv = (what: string) => {
    const file = files.find((each) => each.name.startsWith(`baraza-${what}-2`) && each.name.endsWith(".csv"));
    if (!file) throw new Error(`no ${what} CSV among ${files.map((each) => each.name).join(", ")}`);
    return parse(new TextDecoder().decode(file.data), { bom: true }) as string[][];
  };
  const md = files.find((each) => each.name.endsWith(".md"));
  const pdfFile = files.find((each) => each.name.endsWith(".pdf"));
  const parser = new PDFParse({ data: pdfFile?.data.slice() ?? new Uint8Array() });
  try {
    // Lines wrap where the page ends them: read the text as one run of words.
    const pdf = (await parser.getText()).text.replace(/\s+/g, " ");
    return { csv, markdown: new TextDecoder().decode(md?.data), pdf };
  } finally {
    await parser.destroy();
  }
}

const text = (replies: Outbound[]) => toGroup(replies).join("\n");

describe("turnout", () => {
  it("stays as it was at the close, never above 100%, after a voter is forgotten: the same in the chat, the summary, CSV, Markdown and PDF", async () => {
    await h.group(FACILITATOR, "/vote");
    for (const person of [FACILITATOR, "aung", "thida", "ram", "mya"]) await h.dm(person, "/vote 1 1 3");
    expect(text(await closeVoteNow(h))).toContain("5 of 5 members voted (100%).");

    await h.dm("mya", "/forgetme");
    expect(toPerson(await h.dm("mya", "1"), "mya").join("\n")).toContain("I have forgotten you");
    // Her ballot stays, with no voter; the group now has four members.
    const group = await h.store.groups.find("test", GROUP);
    expect(await h.store.memberships.members(group?.id ?? -1)).toHaveLength(4);

    const summary = text(await h.group(FACILITATOR, "/summary"));
    expect(summary).toContain("5 of 5 members voted (100%).");
    expect(summary).not.toContain("of 4 members");
    const files = await exported();
    expect(files.csv("vote").map((row) => row.slice(3))).toEqual([
      ["Voted", "Could vote", "Turnout (%)"],
      ["5", "5", "100"],
      ["5", "5", "100"],
      ["5", "5", "100"],
    ]);
    expect(files.markdown).toContain("5 of 5 members voted (100%).");
    expect(files.pdf).toContain("5 of 5 members voted (100%).");
    for (const read of [summary, files.markdown, files.pdf]) expect(read).not.toContain("125%");
  });

  it("counts a member who voted and then was forgotten while the vote was open out of it altogether", async () => {
    await h.group(FACILITATOR, "/vote");
    for (const person of ["aung", "mya"]) await h.dm(person, "/vote 2 2 2");
    await h.dm("mya", "/forgetme");
    await h.dm("mya", "1");
    // Her ballot was withdrawn with her: one of the four members voted.
    expect(text(await closeVoteNow(h))).toContain("1 of 4 members voted (25%).");
    expect(text(await h.group(FACILITATOR, "/summary"))).toContain("1 of 4 members voted (25%).");
  });
});

describe("a dot vote's result", () => {
  it("shows points at the close, in /priorities, /summary, and the CSV, Markdown and PDF", async () => {
    await h.group(FACILITATOR, "/vote");
    await h.dm("aung", "/vote 1 1 3");
    await h.dm("thida", "/vote 3 3 3");
    await h.dm("ram", "/vote 1 2 3");
    const closed = text(await closeVoteNow(h));
    expect(closed).toContain("1. #3 “Fights at the crossroads” — 5 points\n2. #1 “No lights on the market road” — 3 points\n3. #2 “Harassment on the plantation path” — 1 point");
    expect(closed).not.toContain("first choice");
    expect(text(await h.group("aung", "/priorities"))).toContain("1. #3 “Fights at the crossroads” — 5 points · no plan yet\n2. #1 “No lights on the market road” — 3 points · no plan yet");
    expect(text(await h.group("aung", "/summary"))).toContain("1. #3 “Fights at the crossroads” — 5 points\n2. #1 “No lights on the market road” — 3 points\n3. #2 “Harassment on the plantation path” — 1 point\n3 of 5 members voted (60%).");
    const files = await exported();
    expect(files.csv("priorities")).toEqual([
      ["Rank", "Concern number", "Concern", "Points"],
      ["1", "3", "Fights at the crossroads", "5"],
      ["2", "1", "No lights on the market road", "3"],
      ["3", "2", "Harassment on the plantation path", "1"],
    ]);
    expect(files.csv("vote").map((row) => row.slice(0, 3))).toEqual([
      ["Rank", "Concern", "Points"],
      ["1", "#3 Fights at the crossroads", "5"],
      ["2", "#1 No lights on the market road", "3"],
      ["3", "#2 Harassment on the plantation path", "1"],
    ]);
    expect(files.markdown).toMatch(/\| #3 Fights at the crossroads +\| 5 points +\|/);
    expect(files.pdf).toContain("1. Fights at the crossroads: 5 points");
    expect(files.pdf).toContain("3. Harassment on the plantation path: 1 point");
    expect(files.markdown + files.pdf).not.toContain("counted");
  });
});

describe("a ranked vote decided by instant runoff", () => {
  /** First choices: #1 twice, #2 twice, #3 once; nobody has more than half, so #3 is dropped and its vote goes to #2. */
  async function rankedVote(): Promise<string> {
    await h.group(FACILITATOR, "/vote ranked");
    await h.dm("aung", "/vote 1 2");
    await h.dm("thida", "/vote 1 3");
    await h.dm("ram", "/vote 2 1");
    await h.dm(FACILITATOR, "/vote 2 3");
    await h.dm("mya", "/vote 3 2");
    return text(await closeVoteNow(h));
  }

  const RANKING = [
    "1. #2 “Harassment on the plantation path” — 2 first choices",
    "2. #1 “No lights on the market road” — 2 first choices",
    "3. #3 “Fights at the crossroads” — 1 first choice",
  ].join("\n");
  const ROUNDS = [
    "Where no concern held more than half of the votes, the votes were counted in rounds: each round, the concern with the fewest votes was dropped, and each of its votes went to that voter's next choice.",
    "How place 1 was decided:",
    "#3 “Fights at the crossroads” had the fewest votes (1) and was dropped. Its votes went to #2 “Harassment on the plantation path” (1 vote).",
    "#2 “Harassment on the plantation path” then had 3 of 5 votes: more than half.",
  ].join("\n");
  const PLAIN_ROUNDS = [
    "How place 1 was decided:",
    "#3 Fights at the crossroads had the fewest votes (1) and was dropped. Its votes went to #2 Harassment on the plantation path (1 vote).",
    "#2 Harassment on the plantation path then had 3 of 5 votes: more than half.",
  ];

  it("gives first choices and the rounds at the close, in /priorities and in /summary, never points", async () => {
    const closed = await rankedVote();
    expect(closed).toContain(`${RANKING}\n\n${ROUNDS}`);
    expect(closed).toContain("5 of 5 members voted (100%).");
    const priorities = text(await h.group("aung", "/priorities"));
    expect(priorities).toContain("1. #2 “Harassment on the plantation path” — 2 first choices · no plan yet\n2. #1 “No lights on the market road” — 2 first choices · no plan yet\n3. #3 “Fights at the crossroads” — 1 first choice · no plan yet");
    expect(priorities).toContain(ROUNDS);
    const summary = text(await h.group("aung", "/summary"));
    expect(summary).toContain(`${RANKING}\n5 of 5 members voted (100%).\n${ROUNDS}`);
    for (const read of [closed, priorities, summary]) expect(read).not.toContain("point");
  });

  it("tells a Burmese group the first choices and the rounds in Burmese", async () => {
    await h.group(FACILITATOR, "/lang my");
    const closed = await rankedVote();
    expect(closed).toContain("1. #2 “Harassment on the plantation path” — ပထမ ရွေးချယ်မှု 2 ခု");
    expect(closed).toContain("အဆင့် 1 ကို ဆုံးဖြတ်ပုံ:");
    expect(closed).toContain("#3 “Fights at the crossroads” က မဲအနည်းဆုံး (1) ဖြစ်လို့ ဖယ်လိုက်ပါတယ်။ အဲဒီမဲတွေ #2 “Harassment on the plantation path” (1 မဲ) ဆီ ရောက်သွားပါတယ်။");
    expect(closed).toContain("အဲဒီနောက် #2 “Harassment on the plantation path” က 5 မဲထဲက 3 မဲ ရပြီး တစ်ဝက်ကျော်သွားပါတယ်။");
    expect(closed).toContain("အဖွဲ့ဝင် 5 ဦးထဲက 5 ဦး မဲပေးခဲ့ပါတယ် (100%)။");
    expect(closed).not.toMatch(/[a-z]+ (votes|first)/);
  });

  it("reads the same in the CSV, Markdown and PDF", async () => {
    await rankedVote();
    const files = await exported();
    expect(files.csv("priorities")).toEqual([
      ["Rank", "Concern number", "Concern", "First choices"],
      ["1", "2", "Harassment on the plantation path", "2"],
      ["2", "1", "No lights on the market road", "2"],
      ["3", "3", "Fights at the crossroads", "1"],
    ]);
    expect(files.csv("vote").map((row) => row.slice(0, 3))).toEqual([
      ["Rank", "Concern", "First choices"],
      ["1", "#2 Harassment on the plantation path", "2"],
      ["2", "#1 No lights on the market road", "2"],
      ["3", "#3 Fights at the crossroads", "1"],
    ]);
    expect(files.csv("vote-rounds").flat().slice(2)).toEqual(PLAIN_ROUNDS);
    expect(files.markdown).toMatch(/\| #2 Harassment on the plantation path +\| 2 first choices +\|/);
    expect(files.markdown).toMatch(/\| #3 Fights at the crossroads +\| 1 first choice +\|/);
    for (const line of PLAIN_ROUNDS) {
      expect(files.markdown).toContain(line);
      expect(files.pdf).toContain(line);
    }
    expect(files.pdf).toContain("1. Harassment on the plantation path: 2 first choices");
    expect(files.pdf).toContain("5 of 5 members voted (100%).");
    for (const read of [files.markdown, files.pdf]) expect(read).not.toMatch(/points?\b|score/i);
  });
});
