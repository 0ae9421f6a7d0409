/**
 * A person's own data (SPEC §8).
 *
 * - `privacy`: what Baraza keeps, why, who sees it, what a bot chat does not
 *   protect, and how long data is kept. Anyone, anywhere.
 * - `mydata`: everything stored about the person, sent to them in private.
 * - `forgetme`: after a yes, erases the person's personal data in one
 *   transaction; what they contributed stays for the group, without them.
 *
 * `expireOldData` is the retention sweep the scheduler runs.
 */
import { ASSESSMENT_QUESTIONS } from "../domain/assessment.ts";
import { localDate } from "../domain/dates.ts";
import { retentionCutoff, type GroupRef, type PersonalData } from "../domain/personal-data.ts";
import type { Command, Conversation } from "./command.ts";
import { confirmed, confirmStep } from "./confirm.ts";
import type { Store } from "./ports.ts";
import { lines, shownLabel } from "./render.ts";
import type { Turn } from "./turn.ts";
import { splitText } from "./split.ts";
import { relay } from "../domain/text.ts";

/** Longest message `mydata` sends; below every platform's limit (Telegram: 4096), with room for the privacy notice. */
export const MESSAGE_LIMIT = 3500;

const FORGET_FLOW = "forgetme";

export const privacy: Command = {
  name: "privacy",
  needsGroup: false,
  action: () => "privacy",
  async run(turn) {
    turn.say(turn.t("privacy:about", { days: turn.deps.settings.retentionDays }));
  },
};

export const mydata: Command = {
  name: "mydata",
  needsGroup: false,
  action: () => "mydata",
  async run(turn) {
    const data = await turn.store.privacy.about(turn.person.id);
    for (const part of splitText(describe(turn, data), MESSAGE_LIMIT)) turn.say(part);
  },
};

export const forgetme: Command = {
  name: "forgetme",
  needsGroup: false,
  action: () => "forgetme",
  async run(turn) {
    await turn.ask(FORGET_FLOW, confirmStep(turn, { key: "privacy:forgetme.confirm" }, { yes: "privacy:forgetme.yes", no: "privacy:forgetme.no" }));
  },
};

export const forgetmeConversation: Conversation = {
  name: FORGET_FLOW,
  action: () => "forgetme",
  async answer(turn, data, text) {
    const yes = await confirmed(turn, data, text);
    if (yes === null) return;
    if (!yes) {
      turn.reply("privacy:forgetme.kept");
      return;
    }
    // Forgetting ends this conversation too, with every other one of the person's.
    await turn.store.privacy.forget(turn.person.id, turn.now);
    // Nothing more about them is written (a rename would bring their name back), and once committed the store wipes what it can of the erased rows' earlier versions (SQLite's log).
    turn.markUnlinkable();
    // That someone was forgotten, and when; not who.
    await turn.store.audit.record({ at: turn.now, actorId: null, groupId: null, action: "person.forgotten", entity: "person", entityId: null });
    turn.reply("privacy:forgetme.done");
  },
};

/**
 * How long the record that an update was handled is kept: platforms
 * redeliver for about a day (Telegram keeps an update 24 hours), and the
 * record tells when someone wrote, so it goes then, not at the retention
 * period. Run daily, a record lives between one and two days.
 */
export const REDELIVERY_MS = 24 * 3_600_000;

/**
 * How long the place of a sent question is kept (`store.sentQuestions`):
 * a week. It is only needed to take an answered question's buttons away,
 * or to show a ballot's new state where it was. A question still waiting
 * after a week has usually been asked again (which keeps its place anew);
 * past that, the cost of forgetting is small: the core sends the new state
 * as a new message, and a press on the old buttons is refused as out of
 * date. A place in a private chat names the person, so it is not kept for
 * the whole retention period. Run daily, a place lives seven to eight days.
 */
export const SENT_QUESTION_MS = 7 * 24 * 3_600_000;

/**
 * Deletes or anonymises what has outlived the retention period (see
 * src/store/repositories/privacy.ts for each table), the records of
 * handled updates older than {@link REDELIVERY_MS} and the places of
 * questions sent longer ago than {@link SENT_QUESTION_MS}; returns how
 * many rows of each table changed. For the scheduler, once a day or so.
 */
export async function expireOldData(store: Store, now: Date, retentionDays: number): Promise<Record<string, number>> {
  const counts = await store.privacy.expire(retentionCutoff(now, retentionDays));
  const updates = await store.updates.forgetBefore(new Date(now.getTime() - REDELIVERY_MS));
  const sent = await store.sentQuestions.forgetBefore(new Date(now.getTime() - SENT_QUESTION_MS));
  return { ...counts, ProcessedUpdate: (counts["ProcessedUpdate"] ?? 0) + updates, SentQuestion: sent };
}

/**
 * The changes the audit log records, each told in `mydata` in the person's
 * words (`privacy:mydata.actions.*`); any other reads as a change to the
 * group's records, never as the log's code.
 */
export const TOLD_ACTIONS: ReadonlySet<string> = new Set([
  "concern.raised", "concern.merged", "cycle.started", "cycle.step", "group.exported", "group.locale", "group.setup-started", "group.setup-finished",
  "indicator.reading", "invitation.created", "lesson.added", "member.joined", "plan.proposed", "plan.evaluated", "programme.created",
  "programme.coordinator-added", "review.held", "stakeholder.added", "task.done", "task.progress", "task.nudged", "vote.opened", "vote.closed", "vote.method-changed",
]);

/** Messages queued for one person, each told in words (`privacy:mydata.messages.*`). */
const TOLD_MESSAGES = new Set(["task-due-soon", "task-overdue", "nudge"]);

/** The command a conversation answers, where its name is not the command's. */
const COMMAND_OF_FLOW: Record<string, string> = { ballot: "vote" };

/** Everything in `data`, section by section, in the reader's language; an empty section says so. */
function describe(turn: Turn, data: PersonalData): string {
  const t = (key: string, vars?: Record<string, unknown>) => turn.t(`privacy:mydata.${key}`, vars);
  // Each date in its own group's time zone; what belongs to no group, in the bot's.
  const day = (date: Date, of: GroupRef | null = null) => localDate(date, of?.timeZone ?? turn.deps.settings.defaultTimeZone);
  const group = (of: GroupRef) => (of.name === null ? t("unnamed-group") : relay(of.name));
  const section = (title: string, items: string[]) => lines("", t(`${title}.title`), ...(items.length > 0 ? items.map((item) => `• ${item}`) : [t("none")]));
  const stepName = (step: number) => turn.t(`steps.${step}.name`);
  const { profile } = data;
  const tags = profile.selfDescription?.map((tag) => turn.t(`people.${tag}`)).join(turn.t("list-separator"));

  return lines(
    t("intro"),
    section("profile", [
      t("profile.name", { name: profile.displayName }),
      t("profile.account", { platform: profile.platform, id: profile.platformUserId }),
      profile.otherIds.length > 0 ? t("profile.other-ids", { platform: profile.platform, ids: profile.otherIds.join(turn.t("list-separator")) }) : null,
      profile.locale ? t("profile.language", { language: turn.deps.texts.t(profile.locale, "language.name") }) : t("profile.no-language"),
      tags ? t("profile.described", { tags }) : t("profile.not-described"),
      t("profile.first-seen", { date: day(profile.firstSeenAt) }),
      profile.privacyNoticeAt ? t("profile.notice", { date: day(profile.privacyNoticeAt) }) : null,
    ].filter((item): item is string => item !== null)),
    section(
      "memberships",
      data.memberships.map((m) =>
        [
          t("memberships.item", { group: group(m.group), role: t(`roles.${m.role}`), date: day(m.joinedAt, m.group) }),
          m.consentAt ? t("memberships.consent", { date: day(m.consentAt, m.group) }) : t("memberships.no-consent"),
          m.leftAt ? t("memberships.left", { date: day(m.leftAt, m.group) }) : null,
        ].filter((part): part is string => part !== null).join(t("separator")),
      ),
    ),
    section("coordinates", data.coordinates.map((c) => t("coordinates.item", { programme: c.programme, date: day(c.since) }))),
    section("invitations", data.invitations.map((i) => t(`invitations.${i.how}`, { programme: i.programme, role: t(`roles.${i.role}`), date: day(i.at) }))),
    section("concerns", data.concerns.map((c) => t("concerns.item", { group: group(c.group), number: c.number, status: t(`concern-status.${c.status}`), date: day(c.raisedAt, c.group), text: c.text }))),
    t("concerns.anonymous"),
    section(
      "ballots",
      data.ballots.map((b) => {
        const state = b.closedAt ? t("ballots.closed", { date: day(b.closedAt, b.group) }) : t("ballots.open");
        const choices = b.choices.map((c) => (b.method === "approval" ? t(`approval.${c.label === "yes" ? "yes" : "no"}`) : `(${c.position}) ${shownLabel(c.label)}`));
        return lines(t("ballots.item", { group: group(b.group), purpose: t(`purposes.${b.purpose}`), date: day(b.openedAt, b.group), state }), ...choices.map((c) => `   ${c}`));
      }),
    ),
    section(
      "answers",
      data.answers.map((a) => {
        const question = (ASSESSMENT_QUESTIONS as readonly string[]).includes(a.question) ? turn.t(`assess.questions.${a.question}`) : a.question;
        return lines(t("answers.item", { group: group(a.group), cycle: a.cycle, date: day(a.at, a.group), question }), `   ${a.answer}`);
      }),
    ),
    section("stakeholders", data.stakeholders.map((s) => t("stakeholders.item", { group: group(s.group), name: s.name, stance: t(`stances.${s.stance}`), date: day(s.at, s.group) }))),
    section(
      "tasks",
      data.tasks.map((task) =>
        lines(
          t("tasks.item", { group: group(task.group), title: task.title, status: t(`task-status.${task.status}`) }),
          task.dueAt ? `   ${t("tasks.due", { date: day(task.dueAt, task.group) })}` : null,
          task.progress ? `   ${task.progress}` : null,
        ),
      ),
    ),
    section("plans", data.plans.map((p) => t("plans.item", { group: group(p.group), number: p.concern, status: t(`plan-status.${p.status}`), date: day(p.at, p.group) }))),
    section(
      "readings",
      data.readings.map((r) => lines(t("readings.item", { group: group(r.group), indicator: r.indicator, value: r.value, date: day(r.at, r.group) }), r.note ? `   ${r.note}` : null)),
    ),
    section(
      "evaluations",
      data.evaluations.map((e) =>
        lines(
          t("evaluations.item", { group: group(e.group), met: t(`objectives.${e.objectivesMet}`), date: day(e.at, e.group) }),
          e.worked ? `   ${t("evaluations.worked", { text: e.worked })}` : null,
          e.didNotWork ? `   ${t("evaluations.did-not-work", { text: e.didNotWork })}` : null,
          e.change ? `   ${t("evaluations.change", { text: e.change })}` : null,
        ),
      ),
    ),
    section("lessons", data.lessons.map((l) => t("lessons.item", { group: group(l.group), date: day(l.at, l.group), text: l.text }))),
    section("votes", data.votesOpened.map((v) => t("votes.item", { group: group(v.group), purpose: t(`purposes.${v.purpose}`), date: day(v.at, v.group) }))),
    section("steps", data.stepChanges.map((s) => t("steps.item", { group: group(s.group), from: stepName(s.from), to: stepName(s.to), date: day(s.at, s.group) }))),
    section(
      "audit",
      data.audit.map((a) => {
        const action = t(`actions.${TOLD_ACTIONS.has(a.action) ? a.action : "other"}`);
        return a.group === null ? t("audit.item-no-group", { action, date: day(a.at) }) : t("audit.item", { group: group(a.group), action, date: day(a.at, a.group) });
      }),
    ),
    section("conversations", data.conversations.map((c) => t("conversations.item", { command: COMMAND_OF_FLOW[c.flow] ?? c.flow, date: day(c.updatedAt) }))),
    // What will still be sent, and what was: a reminder cancelled (its task done, its date moved) or that failed never reached them.
    section(
      "scheduled",
      data.scheduled.flatMap((s) => {
        const what = t(`messages.${TOLD_MESSAGES.has(s.kind) ? s.kind : "other"}`);
        if (s.status === "sent") return [t("scheduled.sent", { what, date: day(s.sentAt ?? s.dueAt, s.group) })];
        if (s.status === "pending" || s.status === "claimed") return [t("scheduled.pending", { what, date: day(s.dueAt, s.group) })];
        return [];
      }),
    ),
    "",
    t("end"),
  );
}
