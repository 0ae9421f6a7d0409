/**
 * An export's files are made after its message's transaction has committed:
 * while a PDF is being typeset, other people's messages are answered and
 * saved, and a PDF that cannot be made costs nothing stored. The real
 * renderers run; the test only holds the PDF back, or makes it fail.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startHarness, toGroup, type Harness } from "../support/harness.ts";
import { FACILITATOR, groupAtStep2 } from "../support/scenario.ts";

const pdf = vi.hoisted(() => ({
  /** Resolved once typesetting has begun. */
  started: null as (() => void) | null,
  /** Typesetting waits for this before it goes on. */
  hold: Promise.resolve(),
  /** When set, typesetting fails with it. */
  failure: null as Error | null,
  finished: 0,
}));

vi.mock("../../src/exports/index.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/exports/index.ts")>();
  return {
    ...real,
    toPdfBrief: async (...args: Parameters<typeof real.toPdfBrief>) => {
      pdf.started?.();
      await pdf.hold;
      if (pdf.failure) throw pdf.failure;
      const made = await real.toPdfBrief(...args);
      pdf.finished += 1;
      return made;
    },
  };
});

let h: Harness;
beforeEach(async () => {
  pdf.started = null;
  pdf.hold = Promise.resolve();
  pdf.failure = null;
  pdf.finished = 0;
  h = await startHarness();
  await groupAtStep2(h);
});
afterEach(() => h.close());

async function groupId(): Promise<number> {
  return (await h.store.groups.find("test", "group-1"))?.id ?? -1;
}

describe("an export's files are made after its message is saved", () => {
  it("saves another person's /concern, sent in private, while the group's PDF is being made", async () => {
    let release = () => {};
    pdf.hold = new Promise<void>((resolve) => (release = resolve));
    const typesetting = new Promise<void>((resolve) => (pdf.started = resolve));
    // Were the PDF made inside the export's transaction, the concern would wait for it; the hold gives way after 5 s, and the test fails.
    const giveWay = setTimeout(release, 5000);
    const exporting = h.group(FACILITATOR, "/export pdf");
    await typesetting;

    const concern = await h.dm("aung", "/concern No lights on the market road");
    expect(pdf.finished).toBe(0);
    expect(concern.some((reply) => reply.to.kind === "person" && reply.to.userId === "aung" && reply.text !== "")).toBe(true);
    expect((await h.store.concerns.list(await groupId(), ["open"])).map((c) => c.text)).toEqual(["No lights on the market road"]);

    clearTimeout(giveWay);
    release();
    const [message] = await exporting;
    expect(pdf.finished).toBe(1);
    expect((message?.files ?? []).map((file) => file.mime)).toEqual(["application/pdf"]);
    expect(new TextDecoder().decode(message?.files?.[0]?.data.slice(0, 5))).toBe("%PDF-");
    expect(message?.text).toContain("Ward 4 Safety Group");
  });

  it("says sorry when the PDF cannot be made, keeps the record that it was asked for, and loses nothing stored", async () => {
    await h.dm("aung", "/concern No lights on the market road");
    pdf.failure = new Error("Typesetting failed for No lights on the market road");
    const replies = await h.group(FACILITATOR, "/export");

    expect(toGroup(replies)).toEqual(["Sorry, something went wrong on my side and I could not do that. Nothing was changed. Please try again in a moment."]);
    expect(replies.flatMap((reply) => reply.files ?? [])).toEqual([]);
    // The export was asked for, and its record stays; the group's work is as it was.
    const audit = await h.db.auditEntry.findMany({ where: { action: "group.exported" } });
    expect(audit.map((entry) => JSON.parse(entry.details) as unknown)).toEqual([{ kinds: "csv,md,pdf,charts", cycle: 1 }]);
    expect((await h.store.concerns.list(await groupId(), ["open"])).map((c) => c.text)).toEqual(["No lights on the market road"]);
    // Logged without the error's words.
    expect(h.logged).toEqual([expect.objectContaining({ event: "files-failed", platform: "test", chat: "group", error: "Error" })]);
    expect(JSON.stringify(h.logged)).not.toContain("market road");

    // Once the PDF can be made again, the same export sends every file.
    pdf.failure = null;
    const [again] = await h.group(FACILITATOR, "/export");
    expect((again?.files ?? []).some((file) => file.mime === "application/pdf")).toBe(true);
    expect(again?.fallback).toContain("Ward 4 Safety Group");
  });
});
