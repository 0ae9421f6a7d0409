/**
 * `plan`: members draft an action plan for a priority together, part by
 * part, from a menu: the problem, the steps (quick fix or long term), tasks
 * with an owner, objectives, indicators, review dates. Each list shows what
 * it holds so far, numbered: `2` writes item 2 anew, `-2` removes it. Any
 * member can take up the draft where another left it. When the plan is
 * complete it is shown whole, and on a yes goes to the group for approval by
 * a simple vote.
 */
import { planGaps } from "../domain/plans.ts";
import { asciiDigits, NAME_LIMIT, parsePositiveInt, quote, relay } from "../domain/text.ts";
import type { Horizon, Plan, Priority } from "../domain/types.ts";
import { isWord, parseChoice, parseFutureDate, parseName, parseNumber, parseText, showDate, truncationNote } from "./answers.ts";
import { ballotButton, ballotText } from "./ballot.ts";
import type { Command, Conversation } from "./command.ts";
import { gapsText, partItems, planText } from "./plans.ts";
import type { PlanItem } from "./ports.ts";
import { choicesOf, lines, priorityLabel } from "./render.ts";
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
/** At a list's question: `2` to write item 2 anew, `-2` to remove it. */
const ITEM_NUMBER = /^([-−])?\s*(\d{1,4})$/;

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
    const data: ConversationData = { step: "priority", groupId: group.id, prompt: { key: "plan.ask-priority" }, choices, priorityIds: priorities.map((p) => p.id) };
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
  const data: ConversationData = { step: "menu", groupId: plan.groupId, planId: plan.id, prompt: { key: "plan.menu.prompt" }, choices };
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
    prompt: { key: `plan.ask.${step}`, vars },
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
  if (part === "propose") return confirmProposal(turn, plan);
  return askList(turn, plan, part);
}

/** The question of a list part: what it holds so far, numbered, and how to add, change or remove an item. */
function askList(turn: Turn, plan: Plan, part: ListPart, before?: string): Promise<void> {
  const items = partItems(turn.deps.texts, turn.locale, plan, part, turn.group?.timeZone ?? "UTC");
  const written = items.length === 0 ? "" : `${lines(...items.map((item, i) => `  ${i + 1}. ${item}`), turn.t("plan.edit-hint"))}\n`;
  return ask(turn, plan, FIRST_QUESTION[part], { part }, { count: items.length, items: written }, undefined, before);
}

/** Asks for item `number` of a list anew, showing it as it is; `done` keeps it. */
async function askChange(turn: Turn, plan: Plan, part: ListPart, number: number, itemId: number): Promise<void> {
  const current = partItems(turn.deps.texts, turn.locale, plan, part, turn.group?.timeZone ?? "UTC")[number - 1] ?? "";
  const data: ConversationData = { step: FIRST_QUESTION[part], part, replacing: itemId, groupId: plan.groupId, planId: plan.id, prompt: { key: `plan.change.${part}`, vars: { number, current } } };
  await turn.remember(FLOW, data);
  turn.sayQuestion(data);
}

/** At a list's question, `2` or `-2` when the list has an item 2: writes it anew or removes it. Returns false for anything else. */
async function editItem(turn: Turn, plan: Plan, part: ListPart, data: ConversationData, text: string): Promise<boolean> {
  const edit = ITEM_NUMBER.exec(asciiDigits(text.trim()));
  const count = plan[part].length;
  // Before a list has items, a number is an item's words like any other.
  if (!edit?.[2] || count === 0) return false;
  const number = Number(edit[2]);
  const item = plan[part][number - 1];
  if (!item) {
    turn.retry(data, { key: "plan.no-such-item", vars: { number, count } });
    return true;
  }
  if (!edit[1]) {
    await askChange(turn, plan, part, number, item.id);
    return true;
  }
  const shown = partItems(turn.deps.texts, turn.locale, plan, part, turn.group?.timeZone ?? "UTC")[number - 1] ?? "";
  await turn.store.plans.removeItem(plan.id, part, item.id);
  await askList(turn, await refreshed(turn, plan), part, turn.t("plan.item-removed", { item: shown }));
  return true;
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
    if (data.step === "confirm") {
      const choice = parseChoice(text, 2);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      return choice.value === 1 ? propose(turn, plan) : showMenu(turn, plan);
    }
    const part = typeof data["part"] === "string" ? data["part"] : null;
    if (part && isListPart(part) && FIRST_QUESTION[part] === data.step) {
      if (typeof data["replacing"] === "number") {
        // Writing an item anew: done keeps it as it was.
        if (isWord(turn, text, "done")) return askList(turn, plan, part);
      } else {
        if (isWord(turn, text, "done")) return showMenu(turn, plan);
        if (isWord(turn, text, "clear")) {
          await turn.store.plans.clearPart(plan.id, part);
          return askList(turn, await refreshed(turn, plan), part);
        }
        if (await editItem(turn, plan, part, data, text)) return;
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
  // An item being written anew carries the id of the one it replaces through each of its questions.
  const keep = typeof data["replacing"] === "number" ? { replacing: data["replacing"] } : {};
  const nextItem = async (part: ListPart, note = "") => {
    const fresh = await refreshed(turn, plan);
    return askList(turn, fresh, part, note.trim() || (keep.replacing === undefined ? undefined : turn.t("plan.saved")));
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
        await write(turn, plan, data, { part: "objectives", text: answer.value.text });
        return nextItem("objectives", note);
      }
      const item = { ...keep, part: data["part"], text: answer.value.text };
      const before = note.trim();
      const shown = { text: relay(answer.value.text) };
      if (data.step === "step-text") return ask(turn, plan, "step-horizon", item, shown, horizonOptions(turn), before);
      if (data.step === "indicator-name") return ask(turn, plan, "indicator-baseline", item, shown, undefined, before);
      return askOwner(turn, plan, answer.value.text, before, keep);
    }
    case "step-horizon": {
      const choice = parseChoice(text, HORIZONS.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      await write(turn, plan, data, { part: "steps", text: String(data["text"]), horizon: HORIZONS[choice.value - 1] ?? "quick" });
      return nextItem("steps");
    }
    case "task-owner": {
      const ids = Array.isArray(data["ownerIds"]) ? data["ownerIds"] : [];
      const choice = parseChoice(text, ids.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      const ownerId = ids[choice.value - 1];
      // The list was made when the question was asked: whoever was picked must still be a member.
      if (!(await isMember(turn, plan, ownerId))) return askOwner(turn, plan, String(data["text"]), turn.t("plan.owner-gone"), keep);
      return ask(turn, plan, "task-due", { ...keep, part: "tasks", text: data["text"], ownerId }, { text: relay(String(data["text"])) });
    }
    case "task-due": {
      let dueAt: string | null = null;
      if (!isWord(turn, text, "skip")) {
        const date = parseFutureDate(text, turn.group?.timeZone ?? "UTC", turn.now);
        if (date.kind === "rejected") return turn.retry(data, date.error);
        dueAt = date.value.toISOString();
      }
      return ask(turn, plan, "task-horizon", { ...keep, part: "tasks", text: data["text"], ownerId: data["ownerId"], dueAt }, { text: relay(String(data["text"])) }, horizonOptions(turn));
    }
    case "task-horizon": {
      const choice = parseChoice(text, HORIZONS.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      const dueAt = typeof data["dueAt"] === "string" ? new Date(data["dueAt"]) : null;
      if (!(await isMember(turn, plan, data["ownerId"]))) return askOwner(turn, plan, String(data["text"]), turn.t("plan.owner-gone"), keep);
      await write(turn, plan, data, { part: "tasks", title: String(data["text"]), ownerId: Number(data["ownerId"]), dueAt, horizon: HORIZONS[choice.value - 1] ?? "quick" });
      return nextItem("tasks");
    }
    case "indicator-baseline":
    case "indicator-target": {
      // A number first: 0 is a measure's value (no break-ins), though "0" also means skip elsewhere.
      const number = parseNumber(text);
      if (number.kind === "rejected" && !isWord(turn, text, "skip")) return turn.retry(data, number.error);
      const value = number.kind === "accepted" ? number.value : null;
      if (data.step === "indicator-baseline") return ask(turn, plan, "indicator-target", { ...keep, part: "indicators", text: data["text"], baseline: value }, { text: relay(String(data["text"])) });
      const baseline = typeof data["baseline"] === "number" ? data["baseline"] : null;
      await write(turn, plan, data, { part: "indicators", name: String(data["text"]), baseline, target: value });
      return nextItem("indicators");
    }
    case "review": {
      const date = parseFutureDate(text, turn.group?.timeZone ?? "UTC", turn.now);
      if (date.kind === "rejected") return turn.retry(data, date.error);
      await write(turn, plan, data, { part: "reviews", scheduledFor: date.value });
      return nextItem("reviews", turn.t("plan.review-added", { date: showDate(date.value, turn.group?.timeZone ?? "UTC") }));
    }
    default:
      // A step this version does not know (saved by an older one): start the plan's menu afresh.
      return showMenu(turn, plan);
  }
}

/** Asks who does the task, from the group's members as they are now. */
async function askOwner(turn: Turn, plan: Plan, title: string, before?: string, keep: Record<string, unknown> = {}): Promise<void> {
  const members = await turn.store.memberships.members(plan.groupId);
  return ask(turn, plan, "task-owner", { ...keep, part: "tasks", text: title, ownerIds: members.map((m) => m.person.id) }, { text: relay(title) }, members.map((m) => relay(m.person.displayName)), before);
}

/** Saves an item: over the one being written anew if it is still there, or else at the end of its list. */
async function write(turn: Turn, plan: Plan, data: ConversationData, item: PlanItem): Promise<void> {
  const replacing = data["replacing"];
  if (typeof replacing === "number" && (await turn.store.plans.replaceItem(plan.id, { ...item, id: replacing }))) return;
  const plans = turn.store.plans;
  switch (item.part) {
    case "steps":
      return plans.addStep(plan.id, item.text, item.horizon);
    case "tasks":
      return plans.addTask({ planId: plan.id, title: item.title, ownerId: item.ownerId, dueAt: item.dueAt, horizon: item.horizon });
    case "objectives":
      return plans.addObjective(plan.id, item.text);
    case "indicators":
      return plans.addIndicator({ planId: plan.id, name: item.name, baseline: item.baseline, target: item.target });
    case "reviews":
      return plans.addReview(plan.id, item.scheduledFor);
  }
}

async function isMember(turn: Turn, plan: Plan, personId: unknown): Promise<boolean> {
  return typeof personId === "number" && (await turn.store.memberships.members(plan.groupId)).some((m) => m.person.id === personId);
}

/** Shows the whole plan and asks whether to put it to the vote; an incomplete one goes back to the menu with what it lacks. */
async function confirmProposal(turn: Turn, plan: Plan): Promise<void> {
  const { group } = turn;
  if (!group) return;
  const gaps = planGaps(plan);
  if (gaps.length > 0) return showMenu(turn, plan, lines(turn.t("plan.incomplete"), gapsText(turn.deps.texts, turn.locale, gaps)));
  const priority = (await turn.store.priorities.list(plan.cycleId)).find((p) => p.id === plan.priorityId);
  const choices = choicesOf([turn.t("plan.confirm.yes"), turn.t("plan.confirm.no")]);
  const whole = planText(turn.deps.texts, turn.locale, plan, priority, group.timeZone);
  const data: ConversationData = { step: "confirm", groupId: plan.groupId, planId: plan.id, prompt: { key: "plan.confirm.prompt", vars: { plan: whole } }, choices };
  await turn.remember(FLOW, data);
  turn.sayQuestion(data);
}

/** Puts a complete plan to the group's vote; one that another member left incomplete meanwhile goes back to the menu with what it lacks. */
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
