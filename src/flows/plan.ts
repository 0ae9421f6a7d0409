/**
 * `plan`: members draft an action plan for a priority together, part by
 * part, from a menu: the problem, the steps (quick fix or long term), tasks
 * with an owner, objectives, indicators, review dates. Any member can take
 * up the draft where another left it. When the plan is complete it goes to
 * the group for approval by a simple vote.
 */
import { planGaps } from "../domain/plans.ts";
import { NAME_LIMIT, parsePositiveInt, quote, relay } from "../domain/text.ts";
import type { Horizon, Plan, Priority } from "../domain/types.ts";
import { isWord, parseChoice, parseFutureDate, parseName, parseNumber, parseText, showDate, truncationNote } from "./answers.ts";
import { ballotButton, ballotText } from "./ballot.ts";
import type { Command, Conversation } from "./command.ts";
import { gapsText, planText } from "./plans.ts";
import { choicesOf, lines, numbered, priorityLabel } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";

const FLOW = "plan";
const HORIZONS: readonly Horizon[] = ["quick", "long"];
const MENU = ["problem", "steps", "tasks", "objectives", "indicators", "reviews", "propose"] as const;
type ListPart = "steps" | "tasks" | "objectives" | "indicators" | "reviews";
/** The question that starts adding one item to each list part. */
const FIRST_QUESTION: Record<ListPart, string> = {
  steps: "step-text",
  tasks: "task-title",
  objectives: "objective",
  indicators: "indicator-name",
  reviews: "review",
};

export const plan: Command = {
  name: "plan",
  needsGroup: true,
  action: () => "plan",
  async run(turn, args) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    const priorities = await turn.store.priorities.list(cycle.id);
    if (priorities.length === 0) {
      turn.reply("priorities.none");
      return;
    }
    const rank = parsePositiveInt(args);
    const chosen = rank !== null ? priorities.find((p) => p.rank === rank) : priorities.length === 1 ? priorities[0] : undefined;
    if (chosen) return openPlan(turn, chosen);
    const choices = choicesOf(priorities.map(priorityLabel));
    const data: ConversationData = { step: "priority", groupId: group.id, prompt: { key: "plan.ask-priority", vars: { options: numbered(choices) } }, choices, priorityIds: priorities.map((p) => p.id) };
    if (args.trim() !== "") {
      return turn.askAgain(FLOW, data, { key: "answers.bad-choice", vars: { max: priorities.length } });
    }
    await turn.ask(FLOW, data);
  },
};

async function openPlan(turn: Turn, priority: Priority): Promise<void> {
  const { group, cycle } = turn;
  if (!group || !cycle) return;
  const plan = (await turn.store.plans.forPriority(priority.id)) ?? (await turn.store.plans.create({ groupId: group.id, cycleId: cycle.id, priorityId: priority.id, createdById: turn.person.id, at: turn.now }));
  if (plan.status === "proposed" || plan.status === "approved") {
    await turn.endConversation(FLOW);
    turn.say(lines(turn.t(plan.status === "proposed" ? "plan.waiting-vote" : "plan.approved-locked"), "", planText(turn.deps.texts, turn.locale, plan, priority, group.timeZone)));
    return;
  }
  await showMenu(turn, plan);
}

async function showMenu(turn: Turn, plan: Plan, before?: string): Promise<void> {
  const done: Record<(typeof MENU)[number], boolean> = {
    problem: plan.problem !== null,
    steps: plan.steps.length > 0,
    tasks: plan.tasks.length > 0,
    objectives: plan.objectives.length > 0,
    indicators: plan.indicators.length > 0,
    reviews: plan.reviews.length > 0,
    propose: false,
  };
  const choices = choicesOf(MENU.map((part) => (part === "propose" ? turn.t("plan.menu.propose") : `${done[part] ? "✅" : "⬜"} ${turn.t(`plan.menu.${part}`)}`)));
  const data: ConversationData = { step: "menu", groupId: plan.groupId, planId: plan.id, prompt: { key: "plan.menu.prompt", vars: { options: numbered(choices) } }, choices };
  await turn.remember(FLOW, data);
  turn.sayQuestion(data, before || undefined);
}

/** Asks one question of the plan conversation, keeping the plan and any half-entered item; `before` goes first in the same message. */
async function ask(turn: Turn, plan: Plan, step: string, extra: Record<string, unknown> = {}, vars: Record<string, unknown> = {}, options?: string[], before?: string): Promise<void> {
  const choices = options ? choicesOf(options) : undefined;
  const data: ConversationData = {
    ...extra,
    step,
    groupId: plan.groupId,
    planId: plan.id,
    prompt: { key: `plan.ask.${step}`, vars: choices ? { ...vars, options: numbered(choices) } : vars },
    ...(choices ? { choices } : {}),
  };
  await turn.remember(FLOW, data);
  turn.sayQuestion(data, before || undefined);
}

function horizonOptions(turn: Turn): string[] {
  return HORIZONS.map((h) => turn.t(`plans.horizon.${h}`));
}

async function enterPart(turn: Turn, plan: Plan, part: (typeof MENU)[number]): Promise<void> {
  if (part === "problem") return ask(turn, plan, "problem", {}, { current: plan.problem === null ? turn.t("plans.none-yet") : quote(plan.problem) });
  if (part === "propose") return propose(turn, plan);
  const count = plan[part].length;
  return ask(turn, plan, FIRST_QUESTION[part], { part }, { count });
}

export const planConversation: Conversation = {
  name: FLOW,
  action: () => "plan",
  async answer(turn, data, text) {
    const group = turn.group;
    if (!group) return turn.endConversation();
    if (data.step === "priority") {
      const ids = Array.isArray(data["priorityIds"]) ? data["priorityIds"] : [];
      const choice = parseChoice(text, ids.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      const priority = (await turn.store.priorities.list(turn.cycle?.id ?? -1)).find((p) => p.id === ids[choice.value - 1]);
      return priority ? openPlan(turn, priority) : turn.endConversation();
    }
    const plan = await turn.store.plans.get(Number(data["planId"]));
    if (!plan || (plan.status !== "draft" && plan.status !== "rejected")) {
      await turn.endConversation();
      turn.reply("plan.not-editable");
      return;
    }
    if (data.step === "menu") {
      const choice = parseChoice(text, MENU.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      return enterPart(turn, plan, MENU[choice.value - 1] ?? "problem");
    }
    const part = typeof data["part"] === "string" ? data["part"] : null;
    if (part && isListPart(part) && FIRST_QUESTION[part] === data.step) {
      if (isWord(turn, text, "done")) return showMenu(turn, plan);
      if (isWord(turn, text, "clear")) {
        await turn.store.plans.clearPart(plan.id, part);
        return ask(turn, plan, data.step, { part }, { count: 0 });
      }
    }
    return answerPart(turn, plan, data, text);
  },
};

function isListPart(part: string): part is ListPart {
  return part in FIRST_QUESTION;
}

async function refreshed(turn: Turn, plan: Plan): Promise<Plan> {
  return (await turn.store.plans.get(plan.id)) ?? plan;
}

/** Takes the answer to one of the plan's questions; list parts loop until `done`. */
async function answerPart(turn: Turn, plan: Plan, data: ConversationData, text: string): Promise<void> {
  const nextItem = async (part: ListPart, note = "") => {
    const fresh = await refreshed(turn, plan);
    return ask(turn, fresh, FIRST_QUESTION[part], { part }, { count: fresh[part].length }, undefined, note.trim());
  };
  switch (data.step) {
    case "problem": {
      const answer = parseText(text);
      if (answer.kind === "rejected") return turn.retry(data, answer.error);
      await turn.store.plans.setProblem(plan.id, answer.value.text);
      return showMenu(turn, await refreshed(turn, plan), truncationNote(turn, answer.value.truncated).trim() || turn.t("plan.saved"));
    }
    case "step-text":
    case "task-title":
    case "objective":
    case "indicator-name": {
      const long = data.step === "objective" || data.step === "step-text";
      const limit = long ? undefined : NAME_LIMIT;
      const answer = long ? parseText(text) : parseName(text);
      if (answer.kind === "rejected") return turn.retry(data, answer.error);
      const note = truncationNote(turn, answer.value.truncated, limit);
      if (data.step === "objective") {
        await turn.store.plans.addObjective(plan.id, answer.value.text);
        return nextItem("objectives", note);
      }
      const item = { part: data["part"], text: answer.value.text };
      const before = note.trim();
      const shown = { text: relay(answer.value.text) };
      if (data.step === "step-text") return ask(turn, plan, "step-horizon", item, shown, horizonOptions(turn), before);
      if (data.step === "indicator-name") return ask(turn, plan, "indicator-baseline", item, shown, undefined, before);
      return askOwner(turn, plan, answer.value.text, before);
    }
    case "step-horizon": {
      const choice = parseChoice(text, HORIZONS.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      await turn.store.plans.addStep(plan.id, String(data["text"]), HORIZONS[choice.value - 1] ?? "quick");
      return nextItem("steps");
    }
    case "task-owner": {
      const ids = Array.isArray(data["ownerIds"]) ? data["ownerIds"] : [];
      const choice = parseChoice(text, ids.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      const ownerId = ids[choice.value - 1];
      // The list was made when the question was asked: whoever was picked must still be a member.
      if (!(await isMember(turn, plan, ownerId))) return askOwner(turn, plan, String(data["text"]), turn.t("plan.owner-gone"));
      return ask(turn, plan, "task-due", { part: "tasks", text: data["text"], ownerId }, { text: relay(String(data["text"])) });
    }
    case "task-due": {
      let dueAt: string | null = null;
      if (!isWord(turn, text, "skip")) {
        const date = parseFutureDate(text, turn.group?.timeZone ?? "UTC", turn.now);
        if (date.kind === "rejected") return turn.retry(data, date.error);
        dueAt = date.value.toISOString();
      }
      return ask(turn, plan, "task-horizon", { part: "tasks", text: data["text"], ownerId: data["ownerId"], dueAt }, { text: relay(String(data["text"])) }, horizonOptions(turn));
    }
    case "task-horizon": {
      const choice = parseChoice(text, HORIZONS.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      const dueAt = typeof data["dueAt"] === "string" ? new Date(data["dueAt"]) : null;
      if (!(await isMember(turn, plan, data["ownerId"]))) return askOwner(turn, plan, String(data["text"]), turn.t("plan.owner-gone"));
      await turn.store.plans.addTask({ planId: plan.id, title: String(data["text"]), ownerId: Number(data["ownerId"]), dueAt, horizon: HORIZONS[choice.value - 1] ?? "quick" });
      return nextItem("tasks");
    }
    case "indicator-baseline":
    case "indicator-target": {
      let value: number | null = null;
      if (!isWord(turn, text, "skip")) {
        const number = parseNumber(text);
        if (number.kind === "rejected") return turn.retry(data, number.error);
        value = number.value;
      }
      if (data.step === "indicator-baseline") return ask(turn, plan, "indicator-target", { part: "indicators", text: data["text"], baseline: value }, { text: relay(String(data["text"])) });
      const baseline = typeof data["baseline"] === "number" ? data["baseline"] : null;
      await turn.store.plans.addIndicator({ planId: plan.id, name: String(data["text"]), baseline, target: value });
      return nextItem("indicators");
    }
    case "review": {
      const date = parseFutureDate(text, turn.group?.timeZone ?? "UTC", turn.now);
      if (date.kind === "rejected") return turn.retry(data, date.error);
      await turn.store.plans.addReview(plan.id, date.value);
      return nextItem("reviews", turn.t("plan.review-added", { date: showDate(date.value, turn.group?.timeZone ?? "UTC") }));
    }
    default:
      // A step this version does not know (saved by an older one): start the plan's menu afresh.
      return showMenu(turn, plan);
  }
}

/** Asks who does the task, from the group's members as they are now. */
async function askOwner(turn: Turn, plan: Plan, title: string, before?: string): Promise<void> {
  const members = await turn.store.memberships.members(plan.groupId);
  return ask(turn, plan, "task-owner", { part: "tasks", text: title, ownerIds: members.map((m) => m.person.id) }, { text: relay(title) }, members.map((m) => relay(m.person.displayName)), before);
}

async function isMember(turn: Turn, plan: Plan, personId: unknown): Promise<boolean> {
  return typeof personId === "number" && (await turn.store.memberships.members(plan.groupId)).some((m) => m.person.id === personId);
}

/** Puts a complete plan to the group's vote; an incomplete one goes back to the menu with what it lacks. */
async function propose(turn: Turn, plan: Plan): Promise<void> {
  const { group } = turn;
  if (!group) return;
  const gaps = planGaps(plan);
  if (gaps.length > 0) return showMenu(turn, plan, lines(turn.t("plan.incomplete"), gapsText(turn.deps.texts, turn.locale, gaps)));
  const priority = (await turn.store.priorities.list(plan.cycleId)).find((p) => p.id === plan.priorityId);
  const vote = await turn.store.votes.open({
    groupId: group.id,
    cycleId: plan.cycleId,
    purpose: "plan",
    method: "approval",
    points: 1,
    planId: plan.id,
    openedById: turn.person.id,
    openedAt: turn.now,
    closesAt: null,
    options: [
      { concernId: null, label: "yes" },
      { concernId: null, label: "no" },
    ],
  });
  if (!vote) return showMenu(turn, plan, turn.t("plan.vote-busy"));
  await turn.store.plans.setStatus(plan.id, "proposed", turn.now);
  await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "plan.proposed", entity: "plan", entityId: plan.id, details: { voteId: vote.id } });
  await turn.endConversation();
  const proposed: Plan = { ...plan, status: "proposed" };
  const subject = priorityLabel(priority);
  turn.post(group, (locale) =>
    lines(
      turn.deps.texts.t(locale, "plan.proposed"),
      "",
      planText(turn.deps.texts, locale, proposed, priority, group.timeZone),
      "",
      ballotText(turn.deps.texts, locale, vote, subject),
      "",
      turn.deps.texts.t(locale, "vote.in-private"),
    ),
    (locale) => ballotButton(turn.deps.texts, locale),
  );
  if (!turn.inGroup) turn.reply("plan.proposed-private");
}
