/**
 * `setup`: a facilitator with an invitation (or a coordinator of the
 * programme) sets a group up: its name, place, language and time zone, and
 * the site-selection criteria. Run again by a facilitator, it changes them.
 */
import { IANAZone } from "luxon";
import { SITE_CRITERIA } from "../domain/cycle.ts";
import { NAME_LIMIT, relay } from "../domain/text.ts";
import type { Group } from "../domain/types.ts";
import { parseChoice, parseName } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import { hashCode } from "./invitations.ts";
import { askConsent } from "./join.ts";
import { languageChoices, pickLocale } from "./language.ts";
import { choicesOf, lines } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";

/** Time zones offered by number; any other IANA name can be typed. Half-hour and 45-minute offsets included on purpose. */
export const TIME_ZONES = [
  "Asia/Yangon",
  "Asia/Kathmandu",
  "Africa/Nairobi",
  "Asia/Aden",
  "Asia/Bishkek",
  "Asia/Dushanbe",
  "Europe/Belgrade",
  "Asia/Dhaka",
  "Asia/Tbilisi",
  "Europe/Tirane",
  "UTC",
] as const;

const FLOW = "setup";

export const setup: Command = {
  name: "setup",
  needsGroup: false,
  action: (turn) => (turn.group?.setupAt ? "setup.change" : "setup"),
  async run(turn, args) {
    let group = turn.group;
    if (!group?.setupAt) {
      const programmeId = await programmeFor(turn, args);
      if (programmeId === null) {
        turn.reply(args.trim() === "" ? "setup.needs-invitation" : "setup.bad-code");
        return;
      }
      group ??= await turn.store.groups.create({
        platform: turn.inbound.platform,
        chatId: turn.inbound.chat.id,
        locale: turn.deps.settings.defaultLocale,
        timeZone: turn.deps.settings.defaultTimeZone,
      });
      await turn.store.groups.update(group.id, { programmeId });
      // The group's facilitator, once they agree to take part like everyone else: asked in private when setup is done.
      await turn.store.memberships.setRole(group.id, turn.person.id, "facilitator");
      await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "group.setup-started", entity: "group", entityId: group.id, details: { programmeId } });
    }
    await turn.ask(FLOW, { ...question("name"), groupId: group.id });
  },
};

/** The programme the group will belong to: the invitation's, or the coordinator's own. */
async function programmeFor(turn: Turn, args: string): Promise<number | null> {
  const code = args.trim();
  if (code !== "") {
    const invitation = await turn.store.invitations.redeem(hashCode(code), "facilitator", turn.person.id, turn.now);
    return invitation?.programmeId ?? null;
  }
  const [programme] = await turn.store.programmes.coordinatedBy(turn.person.id);
  return programme?.id ?? null;
}

function question(step: string, vars?: Record<string, unknown>): ConversationData {
  return { step, prompt: { key: `setup.ask.${step}`, vars } };
}

function languageStep(turn: Turn): ConversationData {
  const choices = languageChoices(turn);
  return { step: "language", prompt: { key: "setup.ask.language" }, choices };
}

function timeZoneStep(turn: Turn): ConversationData {
  const at = turn.now.getTime();
  const choices = choicesOf(TIME_ZONES.map((zone) => `${zone} (UTC${IANAZone.create(zone).formatOffset(at, "short")})`));
  return { step: "timezone", prompt: { key: "setup.ask.timezone" }, choices };
}

function criterionStep(turn: Turn, index: number): ConversationData {
  const criterion = SITE_CRITERIA[index] ?? SITE_CRITERIA[0];
  const choices = choicesOf([turn.t("answers.yes"), turn.t("answers.no")]);
  return {
    step: "criterion",
    index,
    prompt: { key: "setup.ask.criterion", vars: { n: index + 1, total: SITE_CRITERIA.length, criterion: turn.t(`site.${criterion}`) } },
    choices,
  };
}

export const setupConversation: Conversation = {
  name: FLOW,
  // A first setup is for whoever took up the invitation (checked in `answer`); a change, for the facilitator.
  action: (turn) => (turn.group?.setupAt ? "setup.change" : "setup"),
  async answer(turn, data, text) {
    const group = turn.group;
    if (!group) {
      await turn.endConversation();
      return;
    }
    if (!group.setupAt && !holdsInvitation(turn)) {
      await turn.endConversation();
      turn.reply("errors.facilitators-only");
      return;
    }
    const next = (step: ConversationData) => turn.ask(FLOW, { ...step, groupId: group.id });
    switch (data.step) {
      case "name":
      case "place": {
        const answer = parseName(text);
        if (answer.kind === "rejected") return turn.retry(data, answer.error);
        await turn.store.groups.update(group.id, data.step === "name" ? { name: answer.value.text } : { place: answer.value.text });
        if (answer.value.truncated) turn.reply("answers.truncated", { limit: NAME_LIMIT });
        return next(data.step === "name" ? question("place") : languageStep(turn));
      }
      case "language": {
        const locale = pickLocale(turn.deps.texts, text);
        if (!locale) return turn.retry(data, { key: "language.unknown", vars: { language: relay(text) } });
        await turn.store.groups.update(group.id, { locale });
        turn.languageChosen("group", locale);
        return next(timeZoneStep(turn));
      }
      case "timezone": {
        const zone = pickTimeZone(text);
        if (!zone) return turn.retry(data, { key: "setup.bad-timezone", vars: { zone: relay(text) } });
        await turn.store.groups.update(group.id, { timeZone: zone });
        return next(criterionStep(turn, 0));
      }
      case "criterion": {
        const index = typeof data["index"] === "number" ? data["index"] : 0;
        const answer = parseChoice(text, 2);
        if (answer.kind === "rejected") return turn.retry(data, answer.error);
        const criterion = SITE_CRITERIA[index];
        if (criterion) await turn.store.siteChecks.set(group.id, criterion, answer.value === 1, turn.now);
        if (index + 1 < SITE_CRITERIA.length) return next(criterionStep(turn, index + 1));
        return finish(turn, group);
      }
    }
  },
};

/** Whether the person took up the invitation for this group (and is still in it), or coordinates its programme. */
function holdsInvitation(turn: Turn): boolean {
  const appointed = turn.membership?.role === "facilitator" && turn.membership.leftAt === null;
  return appointed || turn.roles.includes("coordinator");
}

/** A time zone by its number in the list or its IANA name (any letter case). */
export function pickTimeZone(text: string): string | null {
  const answer = text.trim();
  const choice = parseChoice(answer, TIME_ZONES.length);
  if (choice.kind === "accepted") return TIME_ZONES[choice.value - 1] ?? null;
  const zone = IANAZone.create(answer);
  return zone.isValid ? zone.name : null;
}

async function finish(turn: Turn, before: Group): Promise<void> {
  await turn.endConversation();
  const group = await turn.store.groups.update(before.id, { setupAt: before.setupAt ?? turn.now });
  // The first cycle begins now: its start is the first date of every export of it.
  await turn.store.cycles.current(group.id, turn.now);
  const checks = await turn.store.siteChecks.list(group.id);
  const unmet = checks.filter((check) => !check.met).map((check) => `• ${turn.deps.texts.t(group.locale, `site.${check.item}`)}`);
  await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "group.setup-finished", entity: "group", entityId: group.id });
  turn.post(group, (locale) =>
    lines(
      turn.deps.texts.t(locale, "setup.done", { name: relay(group.name ?? ""), place: relay(group.place ?? ""), language: turn.deps.texts.t(group.locale, "language.name"), zone: group.timeZone }),
      unmet.length > 0 ? `\n${turn.deps.texts.t(locale, "setup.unmet")}\n${unmet.join("\n")}` : null,
      "",
      turn.deps.texts.t(locale, "setup.invite-members"),
    ),
  );
  // The facilitator agrees to take part like any member, having read what is kept and who sees it.
  if (!turn.membership?.consentAt) await askConsent(turn, group);
}
