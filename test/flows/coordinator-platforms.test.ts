/**
 * Issue 11 item 7: a coordinator who took up their code in a Slack DM sees,
 * from that private chat, every group of their programme whatever platform
 * the group is on (Telegram, Slack, the terminal), and can export any of
 * them, without being in them and without counting as their activity.
 */
import { Duration } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashCode } from "../../src/flows/invitations.ts";
import type { Outbound } from "../../src/flows/messages.ts";
import { allText, capitalise, startHarness, toPerson, visible, type Harness } from "../support/harness.ts";
import { snapshot } from "../support/snapshot.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

type Platform = "telegram" | "slack" | "terminal";

/** Someone on a platform, in a group chat or their private chat there; `locale` is the language the platform says they use. */
function on(platform: Platform, person: string, locale?: string) {
  const sender = { id: person, name: capitalise(person), ...(locale ? { locale } : {}) };
  const speak = async (text: string, chat: { id: string; kind: "group" | "private" }, question?: string): Promise<Outbound[]> => {
    const replies = await h.baraza.handle({ platform, chat, sender, text, ...(question !== undefined ? { interaction: { kind: "press" as const, question } } : {}) });
    h.sent.push(...replies);
    return replies;
  };
  return {
    group: (text: string, chatId: string) => speak(text, { id: chatId, kind: "group" }),
    dm: (text: string) => speak(text, { id: `dm-${person}`, kind: "private" }),
    /** Presses the button numbered `number` of a question sent to this person's private chat. */
    press: (message: Outbound, number: number) => {
      const choice = message.choices?.find((c) => c.number === number);
      if (!choice) throw new Error(`No button ${number}`);
      return speak(choice.answer ?? String(choice.number), { id: `dm-${person}`, kind: "private" }, message.question ?? "");
    },
  };
}

/** A programme and a one-time coordinator code for it, as `npm run baraza -- programme create` prints. */
async function programmeWithCode(name: string, code: string): Promise<void> {
  const programme = await h.store.programmes.create(name);
  await h.store.invitations.create({ programmeId: programme.id, role: "coordinator", codeHash: hashCode(code), createdById: null, expiresAt: new Date(h.clock.now().getTime() + 86_400_000) });
}

/** The coordinator makes a facilitator's code in their DM; the facilitator sets a group up with it on their platform and takes part. */
async function groupOn(platform: Platform, coordinator: ReturnType<typeof on>, facilitator: string, chatId: string, name: string, language = "1"): Promise<void> {
  const code = /\n\n(CODE\d+)\n\n/.exec(allText(await coordinator.dm("/invite")))?.[1] ?? "";
  expect(code).not.toBe("");
  const f = on(platform, facilitator);
  await f.group(`/setup ${code}`, chatId);
  for (const answer of [name, "Hlaingbwe", language, "1", "1", "1", "1", "1", "1"]) await f.group(answer, chatId);
  await f.dm("1");
  await f.dm("0");
}

const TELEGRAM_GROUP = "Hlaingbwe ward 4";
const SLACK_GROUP = "Myawaddy riverside";
const TERMINAL_GROUP = "Demo village";
const NAMES = [TELEGRAM_GROUP, SLACK_GROUP, TERMINAL_GROUP];

/** One programme with a group on each platform, its coordinator (Naw) on Slack; the terminal group reads Burmese. */
async function programmeOnThreePlatforms(coordinatorLocale = "en-US"): Promise<ReturnType<typeof on>> {
  await programmeWithCode("Karen programme", "KAREN-1");
  const naw = on("slack", "naw", coordinatorLocale);
  expect(allText(await naw.dm("/start KAREN-1"))).toContain("Karen programme");
  await groupOn("telegram", naw, "amina", "tg-100", TELEGRAM_GROUP);
  await groupOn("slack", naw, "zaw", "C200", SLACK_GROUP);
  await groupOn("terminal", naw, "thida", "terminal", TERMINAL_GROUP, "2");
  return naw;
}

async function groupNamed(name: string) {
  const found = await h.db.group.findFirst({ where: { name } });
  if (!found) throw new Error(`no group ${name}`);
  return found;
}

function english(key: string, vars?: Record<string, unknown>): string {
  return h.texts.t("en", key, vars);
}

describe("a coordinator on Slack, with groups on Telegram, Slack and the terminal", () => {
  it("lists every group of the programme with `groups`, whatever its platform, naming no member", async () => {
    const naw = await programmeOnThreePlatforms();
    const seen = toPerson(await naw.dm("/groups"), "naw").join("\n");
    for (const name of NAMES) expect(seen).toContain(name);
    expect(seen).toContain(english("groups.title", { count: 3 }));
    for (const who of ["Amina", "Zaw", "Thida"]) expect(seen).not.toContain(who);
    for (const chat of ["tg-100", "C200", "telegram", "slack"]) expect(seen).not.toContain(chat);
  });

  it("covers the whole programme with `summary`, and one group with `summary <group name>`", async () => {
    const naw = await programmeOnThreePlatforms();
    const all = toPerson(await naw.dm("/summary"), "naw").join("\n");
    for (const name of NAMES) expect(all).toContain(name);

    const one = toPerson(await naw.dm(`/summary ${SLACK_GROUP.toLowerCase()}`), "naw").join("\n");
    expect(one).toContain(english("summary.title", { group: SLACK_GROUP, cycle: 1 }));
    expect(one).not.toContain(TELEGRAM_GROUP);
    expect(one).not.toContain(TERMINAL_GROUP);
  });

  it("exports a group on another platform named after the command, in the coordinator's language, not the group's", async () => {
    const naw = await programmeOnThreePlatforms();
    const terminalGroup = await groupNamed(TERMINAL_GROUP);
    expect(terminalGroup.locale).toBe("my");
    const replies = await naw.dm(`/export ${TERMINAL_GROUP} md`);
    const toNaw = replies.filter((r) => r.to.kind === "person" && r.to.userId === "naw");
    expect(toNaw).toHaveLength(1);
    const [exported] = toNaw;
    expect(exported?.to).toEqual({ kind: "person", platform: "slack", userId: "naw" });
    expect(visible(exported?.text ?? "")).toContain(english("export.caption", { group: TERMINAL_GROUP, count: 1 }));
    expect(exported?.files).toHaveLength(1);
    const markdown = new TextDecoder().decode(exported?.files?.[0]?.data);
    expect(markdown).toContain(TERMINAL_GROUP);
    // Nothing went to any group's chat.
    expect(replies.filter((r) => r.to.kind === "chat")).toHaveLength(0);
    const audit = await h.db.auditEntry.findMany({ where: { action: "group.exported" } });
    expect(audit.map((entry) => entry.groupId)).toEqual([terminalGroup.id]);
  });

  it("asks which group when `export` names none, and exports the one chosen by number or by a press", async () => {
    const naw = await programmeOnThreePlatforms();
    const [question] = (await naw.dm("/export md")).filter((r) => r.to.kind === "person");
    expect(question?.text).toContain(english("conversation.pick-programme-group").split(".")[0]);
    const labels = question?.choices?.map((c) => visible(c.label)) ?? [];
    expect([...labels].sort()).toEqual([...NAMES].sort());

    const slackNumber = labels.indexOf(SLACK_GROUP) + 1;
    const byNumber = toPerson(await naw.dm(String(slackNumber)), "naw").join("\n");
    expect(byNumber).toContain(english("export.caption", { group: SLACK_GROUP, count: 1 }));

    const [again] = (await naw.dm("/export md")).filter((r) => r.to.kind === "person");
    if (!again) throw new Error("no question");
    const terminalNumber = (again.choices?.findIndex((c) => c.label.includes(TERMINAL_GROUP)) ?? -1) + 1;
    const byPress = toPerson(await naw.press(again, terminalNumber), "naw").join("\n");
    expect(byPress).toContain(english("export.caption", { group: TERMINAL_GROUP, count: 1 }));
    const audit = await h.db.auditEntry.findMany({ where: { action: "group.exported" }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => entry.groupId)).toEqual([(await groupNamed(SLACK_GROUP)).id, (await groupNamed(TERMINAL_GROUP)).id]);
  });

  it("reaches `overdue` of any group, by name or by the question, in English even for the Burmese group", async () => {
    const naw = await programmeOnThreePlatforms();
    expect(toPerson(await naw.dm(`/overdue ${TERMINAL_GROUP}`), "naw")).toEqual([english("tasks.none-overdue")]);
    const [question] = (await naw.dm("/overdue")).filter((r) => r.to.kind === "person");
    expect(question?.choices).toHaveLength(3);
    const terminalNumber = (question?.choices?.findIndex((c) => c.label.includes(TERMINAL_GROUP)) ?? -1) + 1;
    expect(toPerson(await naw.dm(String(terminalNumber)), "naw")).toEqual([english("tasks.none-overdue")]);
  });

  it("answers in the default language, not the group's, when the platform gives the coordinator none", async () => {
    const naw = await programmeOnThreePlatforms("");
    const seen = toPerson(await naw.dm(`/summary ${TERMINAL_GROUP}`), "naw").join("\n");
    expect(seen).toContain(english("summary.title", { group: TERMINAL_GROUP, cycle: 1 }));
    expect(seen).not.toContain(h.texts.t("my", "summary.priorities"));
  });

  it("neither makes the coordinator a member nor counts as any group's activity", async () => {
    const naw = await programmeOnThreePlatforms();
    h.clock.advance(Duration.fromObject({ days: 3 }));
    const before = await h.db.group.findMany({ orderBy: { id: "asc" }, select: { id: true, lastActivityAt: true } });
    await naw.dm("/groups");
    await naw.dm("/summary");
    await naw.dm(`/summary ${SLACK_GROUP}`);
    await naw.dm(`/export ${TERMINAL_GROUP} csv`);
    await naw.dm(`/overdue ${TELEGRAM_GROUP}`);
    await naw.dm("/export csv");
    await naw.dm("1");
    expect(await h.db.group.findMany({ orderBy: { id: "asc" }, select: { id: true, lastActivityAt: true } })).toEqual(before);
    const person = await h.db.person.findFirst({ where: { platform: "slack", platformUserId: "naw" } });
    expect(await h.db.membership.count({ where: { personId: person?.id ?? -1 } })).toBe(0);
  });
});

describe("someone who does not coordinate the programme", () => {
  it("reaches none of its groups by name: a coordinator of another programme is told no group of theirs has that name", async () => {
    await programmeOnThreePlatforms();
    await programmeWithCode("Shan programme", "SHAN-1");
    const saw = on("slack", "saw", "en-US");
    await saw.dm("/start SHAN-1");
    await groupOn("telegram", saw, "kyaw", "tg-900", "Taunggyi market");
    const before = await snapshot(h.db);

    expect(toPerson(await saw.dm(`/summary ${TELEGRAM_GROUP}`), "saw")).toEqual([english("groups.unknown")]);
    const exported = await saw.dm(`/export ${SLACK_GROUP}`);
    const text = allText(exported);
    for (const name of NAMES) expect(text).not.toContain(name);
    expect(exported.flatMap((r) => r.files ?? [])).toHaveLength(0);
    const overview = toPerson(await saw.dm("/groups"), "saw").join("\n");
    expect(overview).toContain("Taunggyi market");
    for (const name of NAMES) expect(overview).not.toContain(name);
    expect(await snapshot(h.db)).toEqual(before);
    expect(await h.db.auditEntry.count({ where: { action: "group.exported" } })).toBe(0);
  });

  it("gets the member's behaviour when they coordinate nothing: their own group only, and `groups` refused", async () => {
    await programmeOnThreePlatforms();
    const amina = on("telegram", "amina");
    const before = await snapshot(h.db);
    const summary = toPerson(await amina.dm(`/summary ${SLACK_GROUP}`), "amina").join("\n");
    expect(summary).not.toContain(SLACK_GROUP);
    expect(summary).toContain(TELEGRAM_GROUP);
    const exported = await amina.dm(`/export ${SLACK_GROUP}`);
    expect(allText(exported)).not.toContain(SLACK_GROUP);
    expect(exported.flatMap((r) => r.files ?? [])).toHaveLength(0);
    expect(allText(await amina.dm("/groups"))).toContain("Only a programme coordinator can do that.");
    expect(await snapshot(h.db)).toEqual(before);
  });

  it("is told, as a coordinator of a programme with no groups yet, that there are none", async () => {
    await programmeWithCode("New programme", "NEW-1");
    const may = on("slack", "may", "en-US");
    await may.dm("/start NEW-1");
    expect(toPerson(await may.dm("/groups"), "may")).toEqual([english("groups.none")]);
    expect(toPerson(await may.dm("/summary"), "may")).toEqual([english("groups.none")]);
    expect(toPerson(await may.dm("/export"), "may")).toEqual([english("groups.none")]);
  });
});
