/**
 * The channel contract: the same scenarios against every platform adapter
 * (issue 10), each asserting what each person saw, in the neutral record a
 * driver builds (see world.ts). A new adapter gets the suite with one line:
 * `describeChannel(itsDriver)`.
 *
 * The scenarios adapt to what the adapter declares: presses only where it
 * has inline buttons, a notice shown to one person alone only where it can,
 * redelivery and refused private chats only where its platform has them (a
 * scenario that cannot happen on a platform is skipped, and says why).
 * They assert what a person would notice (a choice is offered, the vote was
 * counted, nothing is shown twice), not the wording, which changes; where a
 * text must be recognised, it is looked up by its locale key.
 */
import { afterEach, beforeEach, describe, expect, it, type TestContext } from "vitest";
import { createInvitation } from "../../src/flows/invitations.ts";
import { START } from "../support/harness.ts";
import { visible, type ChannelDriver, type ChannelWorld, type ChatKind, type Shown } from "./world.ts";

const FACILITATOR = "amina";
/** The setup answers after /setup: name, place, language (1 English), time zone (1 Yangon), five site criteria met. */
const GROUP_NAME = "Ward 4 Safety Group";
const SETUP_ANSWERS = [GROUP_NAME, "Hlaingbwe", "1", "1", "1", "1", "1", "1", "1"];
/** Three concerns raised in private, in this order (so numbered 1, 2, 3). */
const MARKET = "No lights on the market road";
const PLANTATION = "Harassment on the plantation path";
const CROSSROADS = "Fights at the crossroads";
const CONCERNS = [MARKET, PLANTATION, CROSSROADS];
/** Hours after which a concern raised now has reached the group in a digest. */
const DIGEST_HOURS = 3;

export function describeChannel(driver: ChannelDriver): void {
  describe(`the channel contract: ${driver.name}`, () => {
    let world: ChannelWorld;
    beforeEach(async () => {
      world = await driver.open();
    });
    afterEach(() => world.close());

    /** Runs the rest of a scenario only where the platform has `feature`; elsewhere the scenario is skipped, saying why. */
    function needs<T>(context: TestContext, feature: T | undefined, why: string): T {
      if (feature === undefined) {
        context.skip(`${driver.name}: ${why}`);
        throw new Error("Skipped, yet still running");
      }
      return feature;
    }

    /** Answers `question` (shown in `chat`) with its choice number `number`: by pressing its button where there are buttons, else by typing the number. */
    async function choose(person: string, chat: ChatKind, question: Shown, number: number): Promise<void> {
      const label = question.choices[number - 1];
      if (world.capabilities.buttons === "inline" && world.press && label !== undefined) await world.press(person, chat, question.ref, label);
      else await world.write(person, chat, String(number));
    }

    it("declares capabilities that fit together", () => {
      const c = world.capabilities;
      expect(c.textLimit).toBeGreaterThan(0);
      if (c.buttons === "inline") expect(c.buttonPayloadLimit ?? Infinity).toBeGreaterThan(0);
      // A notice can only answer a press: a channel without buttons has none to answer.
      if (c.toOnePerson === "press-notice") expect(c.buttons).toBe("inline");
      else expect(c.noticeLimit).toBeUndefined();
      expect(world.press !== undefined).toBe(c.buttons === "inline");
    });

    describe("join with consent", () => {
      it("asks in private, after the privacy notice, with the choices offered; the group hears of the member once they agree", async () => {
        await aGroup(world, []);
        const groupBefore = world.seenIn("group");
        await world.write("aung", "group", "/join");
        const pointer = added(groupBefore, world.seenIn("group"));
        expect(pointer).toHaveLength(1);
        expect(visible(pointer[0]?.text ?? "")).toContain("Aung");

        const asked = world.seen("aung");
        expect(comparable(asked[0]?.text ?? ""), "the privacy notice comes first").toContain(comparable(world.t("privacy.notice")));
        const consent = lastQuestion(asked);
        expect(consent.choices.some((c) => c.includes(world.t("join.agree")))).toBe(true);
        expect(consent.choices.some((c) => c.includes(world.t("join.disagree")))).toBe(true);

        const groupAsked = world.seenIn("group");
        await choose("aung", "private", consent, 1);
        const welcomed = added(groupAsked, world.seenIn("group"));
        expect(welcomed).toHaveLength(1);
        expect(visible(welcomed[0]?.text ?? "")).toContain("Aung");
        // Then, optionally, how they describe themselves: another question with choices, which they may skip.
        const describeYourself = lastQuestion(world.seen("aung"));
        expect(describeYourself.ref).not.toBe(consent.ref);
        await world.write("aung", "private", "0");

        // A member is not asked again.
        const privateBefore = world.seen("aung");
        await world.write("aung", "group", "/join");
        expect(added(privateBefore, world.seen("aung")).filter((s) => s.choices.length > 0)).toEqual([]);
      });

      it("keeps someone who declines out of the group, and the group hears nothing of it", async () => {
        await aGroup(world, []);
        await world.write("thida", "group", "/join");
        const groupAsked = world.seenIn("group");
        await choose("thida", "private", lastQuestion(world.seen("thida")), 2);
        expect(added(groupAsked, world.seenIn("group"))).toEqual([]);
        // Not a member: joining again asks again.
        await world.write("thida", "group", "/join");
        expect(lastQuestion(world.seen("thida")).choices.some((c) => c.includes(world.t("join.agree")))).toBe(true);
      });
    });

    describe("a ballot", () => {
      it("is filled in by presses where there are buttons and by typing everywhere, and every ballot is counted", async () => {
        await aVoteOnConcerns(world);
        if (world.press && world.capabilities.buttons === "inline") {
          // Aung fills his ballot in by pressing: two points to the market road, one to the crossroads, then casts it.
          await world.write("aung", "private", "/vote");
          const shownBefore = world.seen("aung").length;
          for (const concern of ["market road", "market road", "crossroads"]) await world.press("aung", "private", lastQuestion(world.seen("aung")).ref, concern);
          await world.press("aung", "private", lastQuestion(world.seen("aung")).ref, world.t("vote.buttons.cast"));
          const seen = world.seen("aung");
          // The cast ballot offers nothing more to press; where messages can be rewritten, it was filled in where it stood.
          expect(seen.filter((s) => s.choices.length > 0)).toEqual([]);
          if (world.capabilities.edits) expect(seen.filter((s) => s.onlyTo === undefined)).toHaveLength(shownBefore);
        } else {
          await world.write("aung", "private", "/vote 1 1 3");
        }
        // By typing: at once after the command, or as the answer to the ballot.
        await world.write("thida", "private", "/vote 3 3 3");
        await world.write("ram", "private", "/vote");
        await world.write("ram", "private", "1 2 3");

        await world.write(FACILITATOR, "group", "/closevote");
        await choose(FACILITATOR, "group", lastQuestion(world.seenIn("group")), 1);
        const result = newest(world.seenIn("group"), (s) => CONCERNS.every((c) => visible(s.text).includes(c)));
        expect(result, "the result names every concern").toBeDefined();
        const text = visible(result?.text ?? "");
        // Points: crossroads 1 + 3 + 1, market road 2 + 1, plantation path 1, ranked in that order.
        expect(pointsShown(text, CROSSROADS)).toContain(5);
        expect(pointsShown(text, MARKET)).toContain(3);
        expect(pointsShown(text, PLANTATION)).toContain(1);
        expect(text.indexOf(CROSSROADS)).toBeLessThan(text.indexOf(MARKET));
        expect(text.indexOf(MARKET)).toBeLessThan(text.indexOf(PLANTATION));
      });
    });

    describe("languages", () => {
      it("speaks to a group in Arabic, every line laid out right to left, and to a member in private in their own language", async () => {
        await aProgrammeWithCoordinator(world);
        await world.write(FACILITATOR, "group", "/setup");
        for (const answer of [GROUP_NAME, "Hlaingbwe", "العربية", ...SETUP_ANSWERS.slice(3)]) await world.write(FACILITATOR, "group", answer);
        await world.write("aung", "private", "/lang русский");
        const before = world.seenIn("group");
        await world.write("aung", "group", "/join");
        await world.write(FACILITATOR, "group", "/step");

        const inGroup = added(before, world.seenIn("group")).filter((s) => s.onlyTo === undefined);
        expect(inGroup.length).toBeGreaterThan(0);
        for (const shown of inGroup) {
          expect(shown.text).toMatch(/[\u0600-\u06ff]/);
          const leftToRight = shown.text.split("\n").filter((line) => visible(line).trim() !== "" && !/^[\u200f\u0600-\u06ff]/u.test(line));
          expect(leftToRight, "every line starts right to left").toEqual([]);
        }
        // The group's name, a Latin value inside Arabic sentences, is isolated wherever it appears.
        const named = inGroup.filter((s) => s.text.includes(GROUP_NAME));
        for (const shown of named) expect(shown.text).toContain(`\u2068${GROUP_NAME}\u2069`);
        const consent = newest(world.seen("aung"), (s) => s.choices.length > 0);
        expect(consent?.text).toMatch(/[\u0400-\u04ff]/);
        // Its choices too, buttons or lines: in the person's language, not the group's.
        expect(consent?.text).not.toMatch(/[\u0600-\u06ff]/);
        expect(consent?.choices.join(" ")).toMatch(/[\u0400-\u04ff]/);
        expect(consent?.choices.join(" ")).not.toMatch(/[\u0600-\u06ff]/);
      });
    });

    describe("presses", () => {
      it("takes a double press as one answer, and a press on a question already answered changes nothing", async (context) => {
        const press = needs(context, world.press, "no buttons to press");
        await world.write("aung", "private", "/start");
        const language = lastQuestion(world.seen("aung"));
        const burmese = language.choices.find((c) => /[\u1000-\u109f]/.test(c));
        const english = language.choices.find((c) => c.includes("English"));
        if (!burmese || !english) throw new Error(`The language question offers no Burmese and English: ${language.choices.join(" | ")}`);

        const before = world.seen("aung");
        await Promise.all([press("aung", "private", language.ref, burmese), press("aung", "private", language.ref, burmese)]);
        const answered = added(before, world.seen("aung")).filter((s) => s.onlyTo === undefined);
        expect(answered.map((s) => s.text), "one answer to two presses").toHaveLength(1);

        const afterAnswer = world.seen("aung");
        await press("aung", "private", language.ref, english);
        expect(added(afterAnswer, world.seen("aung")).every((s) => s.onlyTo === "aung")).toBe(true);
        // Still Burmese: the stale press was not taken as an answer.
        await world.write("aung", "private", "/help");
        expect(world.seen("aung").at(-1)?.text).toMatch(/[\u1000-\u109f]/);
      });

      it("shows a press that changes nothing to the presser alone where it can, otherwise in the chat", async (context) => {
        const press = needs(context, world.press, "no buttons to press");
        await aProgrammeWithCoordinator(world);
        await world.write(FACILITATOR, "group", "/setup");
        for (const answer of SETUP_ANSWERS.slice(0, 2)) await world.write(FACILITATOR, "group", answer);
        const language = lastQuestion(world.seenIn("group"));
        for (const answer of SETUP_ANSWERS.slice(2)) await world.write(FACILITATOR, "group", answer);
        await world.write("aung", "group", "/join");

        const everyone = world.seenIn("group");
        const aungSaw = world.seenIn("group", "aung");
        const burmese = language.choices.find((c) => /[\u1000-\u109f]/.test(c));
        if (!burmese) throw new Error(`The group's language question offers no Burmese: ${language.choices.join(" | ")}`);
        await press("aung", "group", language.ref, burmese);
        const told = added(aungSaw, world.seenIn("group", "aung"));
        expect(told).toHaveLength(1);
        if (world.capabilities.toOnePerson === "none") {
          expect(told[0]?.onlyTo).toBeUndefined();
        } else {
          expect(told[0]?.onlyTo).toBe("aung");
          expect(added(everyone, world.seenIn("group"))).toEqual([]);
        }
        if (world.capabilities.noticeLimit !== undefined && told[0]?.onlyTo !== undefined) expect(told[0].text.length).toBeLessThanOrEqual(world.capabilities.noticeLimit);
        // The press picked Burmese for the group, and was not taken: the group is still spoken to in English.
        await world.write(FACILITATOR, "group", "/help");
        expect(world.seenIn("group").at(-1)?.text).not.toMatch(/[\u1000-\u109f]/);
      });

      it("takes a question's buttons away once it is answered, by pressing or by typing", async (context) => {
        const press = needs(context, world.press, "no buttons to take away");
        await aProgrammeWithCoordinator(world);
        await world.write(FACILITATOR, "group", "/setup");
        for (const answer of SETUP_ANSWERS.slice(0, 2)) await world.write(FACILITATOR, "group", answer);
        const typed = lastQuestion(world.seenIn("group"));
        await world.write(FACILITATOR, "group", "1");
        const pressed = lastQuestion(world.seenIn("group"));
        expect(pressed.ref).not.toBe(typed.ref);
        await press(FACILITATOR, "group", pressed.ref, pressed.choices[0] ?? "1");
        const now = world.seenIn("group");
        expect(now.find((s) => s.ref === typed.ref)?.choices).toEqual([]);
        expect(now.find((s) => s.ref === pressed.ref)?.choices).toEqual([]);

        for (const answer of SETUP_ANSWERS.slice(4)) await world.write(FACILITATOR, "group", answer);
        expect(world.seenIn("group").filter((s) => s.choices.length > 0)).toEqual([]);
        // In private too: the consent question, answered by a press.
        await choose(FACILITATOR, "private", lastQuestion(world.seen(FACILITATOR)), 1);
        await world.write(FACILITATOR, "private", "0");
        expect(world.seen(FACILITATOR).filter((s) => s.choices.length > 0)).toEqual([]);
      });
    });

    describe("long texts", () => {
      it("splits a long text at the channel's limit: no piece longer, nothing lost", async () => {
        await aGroupAtStep2(world, ["aung"]);
        const concerns = Array.from({ length: 12 }, (_, i) => longConcern(i + 1));
        for (const concern of concerns) await world.write("aung", "private", `/concern ${concern}`);
        const beforeDigest = world.seenIn("group");
        await world.wait(DIGEST_HOURS);
        const digest = added(beforeDigest, world.seenIn("group"));
        const beforeList = world.seenIn("group");
        await world.write(FACILITATOR, "group", "/concerns");
        const list = added(beforeList, world.seenIn("group"));

        for (const [what, pieces] of [["the digest (sent by the sweep)", digest], ["the list (a reply)", list]] as const) {
          const text = visible(pieces.map((p) => p.text).join("\n"));
          for (const piece of pieces) expect(piece.text.length, what).toBeLessThanOrEqual(world.capabilities.textLimit);
          for (const concern of concerns) expect(text, what).toContain(concern);
          expect(pieces.length, what).toBeGreaterThanOrEqual(Math.ceil(text.length / world.capabilities.textLimit));
        }
      });
    });

    describe("files", () => {
      it("sends an export as a file where the channel takes files, else its text", async () => {
        await aGroup(world, []);
        const before = [...world.seenIn("group"), ...world.seen(FACILITATOR)];
        await world.write(FACILITATOR, "group", "/export csv");
        const sent = added(before, [...world.seenIn("group"), ...world.seen(FACILITATOR)]);
        if (world.capabilities.files) {
          expect(sent.flatMap((s) => s.files).some((name) => name.endsWith(".csv"))).toBe(true);
        } else {
          expect(sent.flatMap((s) => s.files)).toEqual([]);
          expect(visible(sent.map((s) => s.text).join("\n"))).toContain(GROUP_NAME);
        }
      });
    });

    describe("people the bot cannot reach in private", () => {
      it("tells them once, where they are, and keeps the question for when they open the private chat", async (context) => {
        const unreachable = needs(context, world.unreachable, "the platform lets the bot write to anyone in private");
        await aGroup(world, []);
        const beforeAung = world.seenIn("group");
        await world.write("aung", "group", "/join");
        const [reached] = added(beforeAung, world.seenIn("group"));

        unreachable("bosco");
        const before = world.seenIn("group");
        await world.write("bosco", "group", "/join");
        const told = added(before, world.seenIn("group", "bosco"));
        expect(told, "told once").toHaveLength(1);
        expect(visible(told[0]?.text ?? "")).toContain("Bosco");
        // Where the channel can show a message to one person, the group does not learn who has no private chat with the bot.
        if (world.capabilities.toOnePerson === "native") {
          expect(told[0]?.onlyTo).toBe("bosco");
          expect(added(before, world.seenIn("group"))).toEqual([]);
        }
        // Not what someone the bot could write to hears.
        const withoutName = (shown: Shown | undefined, name: string) => visible(shown?.text ?? "").replaceAll(name, "NAME");
        expect(withoutName(told[0], "Bosco")).not.toBe(withoutName(reached, "Aung"));
        expect(world.seen("bosco")).toEqual([]);

        world.reachable?.("bosco");
        await world.write("bosco", "private", "/start");
        const consent = lastQuestion(world.seen("bosco"));
        expect(consent.choices.some((c) => c.includes(world.t("join.agree")))).toBe(true);
        const beforeAgreeing = world.seenIn("group");
        await choose("bosco", "private", consent, 1);
        expect(added(beforeAgreeing, world.seenIn("group")).some((s) => visible(s.text).includes("Bosco"))).toBe(true);
      });

      it("tells them once, where they are, whether they pressed a button or typed, and the ballot waits for them in private", async (context) => {
        const unreachable = needs(context, world.unreachable, "the platform lets the bot write to anyone in private");
        await aVoteOnConcerns(world);
        const vote = lastQuestion(world.seenIn("group"));
        const privateBefore = world.seen("ram");
        unreachable("ram");

        const ways: [string, () => Promise<void>][] = [["typed", () => world.write("ram", "group", "/vote")]];
        const press = world.press;
        if (press) ways.unshift(["pressed", () => press("ram", "group", vote.ref, world.t("vote.buttons.ballot"))]);
        for (const [way, act] of ways) {
          const everyone = world.seenIn("group");
          const ramSaw = world.seenIn("group", "ram");
          await act();
          const told = added(ramSaw, world.seenIn("group", "ram"));
          expect(told, `${way}: told once`).toHaveLength(1);
          if (world.capabilities.toOnePerson === "native") expect(told[0]?.onlyTo, `${way}: told Ram alone`).toBe("ram");
          if (told[0]?.onlyTo === "ram") expect(added(everyone, world.seenIn("group")), `${way}: only Ram is told`).toEqual([]);
          else expect(visible(told[0]?.text ?? ""), `${way}: named in the group`).toContain("Ram");
        }
        expect(world.seen("ram")).toEqual(privateBefore);

        world.reachable?.("ram");
        await world.write("ram", "private", "/start");
        expect(lastQuestion(world.seen("ram")).choices.some((c) => c.includes(MARKET))).toBe(true);
      });
    });

    describe("redelivered updates", () => {
      it("does nothing twice: a concern typed, and a press", async (context) => {
        const redeliver = needs(context, world.redeliver, "the platform never delivers an update twice");
        await aGroupAtStep2(world, ["aung"]);
        await world.write("aung", "private", "/concern Broken bridge near the school");
        const seen = world.seen("aung");
        const group = world.seenIn("group");
        await redeliver();
        expect(world.seen("aung")).toEqual(seen);
        expect(world.seenIn("group")).toEqual(group);
        await world.wait(DIGEST_HOURS);
        const digest = visible(world.seenIn("group").map((s) => s.text).join("\n"));
        expect(digest.split("Broken bridge near the school")).toHaveLength(2);

        if (!world.press) return;
        await world.write("thida", "private", "/start");
        const language = lastQuestion(world.seen("thida"));
        await world.press("thida", "private", language.ref, language.choices[0] ?? "1");
        const answered = world.seen("thida");
        await redeliver();
        expect(world.seen("thida")).toEqual(answered);
      });
    });
  });
}

/** A text to compare with one looked up by its key: as read, and with commands in any platform's form (`/vote`, a marker for one) as their bare names. */
function comparable(text: string): string {
  return visible(text).replace(/\/(?=\w)/g, "");
}

/** What was shown in `after` and not in `before` (by the message's id). */
function added(before: Shown[], after: Shown[]): Shown[] {
  const known = new Set(before.map((s) => s.ref));
  return after.filter((s) => !known.has(s.ref));
}

/** The newest message offering choices. */
function lastQuestion(shown: Shown[]): Shown {
  const question = newest(shown, (s) => s.choices.length > 0);
  if (!question) throw new Error(`No question with choices among: ${shown.map((s) => visible(s.text).slice(0, 60)).join(" | ")}`);
  return question;
}

/** The newest of `shown` that `test` picks. */
function newest(shown: Shown[], test: (s: Shown) => boolean): Shown | undefined {
  return [...shown].reverse().find(test);
}

/** The numbers on the result's line for `concern`, besides its rank and its own number (#3). */
function pointsShown(result: string, concern: string): number[] {
  const line = result.split("\n").find((l) => l.includes(concern)) ?? "";
  const rest = line.replace(concern, "").replace(/^\W*\d+[.)]/, "").replace(/#\d+/g, "");
  return [...rest.matchAll(/\d+/g)].map((m) => Number(m[0]));
}

/** A concern of about 450 characters (under the 500 kept), recognisable by its number. */
function longConcern(n: number): string {
  const words = "the path by the river floods and people walk on the road where trucks pass fast at night without lights";
  let text = `Concern ${String(n).padStart(2, "0")}:`;
  while (text.length < 440) text += ` ${words}`;
  return text.slice(0, 450).trim();
}

/** A programme whose coordinator is the facilitator, made as `npm run baraza -- programme create` and `/start CODE` make one. */
async function aProgrammeWithCoordinator(world: ChannelWorld): Promise<void> {
  const code = await world.store.transaction(async (tx) => {
    const programme = await tx.programmes.create("Programme");
    return createInvitation(tx, { code: () => "COORDINATE1" }, { programmeId: programme.id, role: "coordinator", createdById: null, now: START });
  });
  await world.write(FACILITATOR, "private", `/start ${code}`);
}

/** A group set up by the facilitator, who agreed to take part; each of `members` joined, agreed and skipped describing themselves. */
async function aGroup(world: ChannelWorld, members: string[]): Promise<void> {
  await aProgrammeWithCoordinator(world);
  await world.write(FACILITATOR, "group", "/setup");
  for (const answer of SETUP_ANSWERS) await world.write(FACILITATOR, "group", answer);
  for (const person of [FACILITATOR, ...members]) {
    if (person !== FACILITATOR) await world.write(person, "group", "/join");
    await world.write(person, "private", "1");
    await world.write(person, "private", "0");
  }
}

/** A group moved on to step 2, where concerns are raised. */
async function aGroupAtStep2(world: ChannelWorld, members: string[]): Promise<void> {
  await aGroup(world, members);
  await world.write(FACILITATOR, "group", "/next");
  await world.write(FACILITATOR, "group", "1");
}

/** Three members each raise one concern, anonymously, which reach the group; the facilitator opens a dot vote (3 points each). */
async function aVoteOnConcerns(world: ChannelWorld): Promise<void> {
  const members = ["aung", "thida", "ram"];
  await aGroupAtStep2(world, members);
  for (const [index, person] of members.entries()) await world.write(person, "private", `/concern ${CONCERNS[index] ?? ""}`);
  await world.wait(DIGEST_HOURS);
  await world.write(FACILITATOR, "group", "/vote");
  expect(world.seenIn("group").some((s) => CONCERNS.every((c) => visible(s.text).includes(c))), "the group sees what it votes on").toBe(true);
}

