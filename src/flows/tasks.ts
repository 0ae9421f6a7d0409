/**
 * Carrying plans out. `tasks` lists the group's tasks (in the group) or
 * your own (in private; `tasks all` for the group's); `done 12` and
 * `progress 12 <words>` report on task 12; a facilitator's `overdue` lists
 * late tasks and `nudge` sends each owner a polite private reminder, at most
 * once a day per task. Nothing here is echoed in the group: who reported
 * what stays between them and the bot.
 */
import { isLate, isOpenTask, overdueBefore } from "../domain/reminders.ts";
import { mayUpdateTask } from "../domain/roles.ts";
import { asciiDigits, hasVisible, parsePositiveInt, quote, relay } from "../domain/text.ts";
import type { Group, TaskInGroup } from "../domain/types.ts";
import { parseChoice, parseText, showDate, truncationNote } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import { scheduleNudge, stopStaleReminders } from "./reminders.ts";
import { progressLine } from "./plans.ts";
import { choicesOf, lines, ownerWords } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";

/** "12", "T12" or "#12": the task number people see in lists. */
function taskNumber(word: string | undefined): number | null {
  return parsePositiveInt(asciiDigits(word ?? "").replace(/^[tT#]/, ""));
}

/**
 * One task as a list shows it: its state, number, words, owner and date. A
 * late one is marked late only in private: in the group, a mark beside a
 * name would single out whoever is behind (the facilitator sees them with
 * /overdue in private).
 */
export function taskLine(turn: Turn, task: TaskInGroup, timeZone: string, locale: string = turn.locale): string {
  const t = (key: string, vars?: Record<string, unknown>) => turn.deps.texts.t(locale, key, vars);
  const late = !turn.inGroup && isLate(task, turn.now, timeZone);
  const due = task.dueAt ? `, ${t("plans.due", { date: showDate(task.dueAt, timeZone) })}` : "";
  return lines(
    `${t(`tasks.mark.${late ? "late" : task.status}`)} ${t("tasks.number", { id: task.id })} ${quote(task.title)} — ${ownerWords(t, task.ownerName, true)}${due}`,
    progressLine(turn.deps.texts, locale, task, timeZone),
  );
}

/** The group's tasks that are late: not done, and their day has ended in the group's time zone. */
export function overdueTasks(tasks: TaskInGroup[], group: Group, now: Date): TaskInGroup[] {
  const before = overdueBefore(now, group.timeZone);
  return tasks.filter((task) => isOpenTask(task.status) && task.dueAt !== null && task.dueAt.getTime() < before);
}

export const tasks: Command = {
  name: "tasks",
  needsGroup: true,
  action: () => "tasks",
  async run(turn, args) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    const mine = !turn.inGroup && args.trim().toLowerCase() !== "all";
    const list = mine ? (await turn.store.monitoring.tasksOwnedBy(turn.person.id)).filter((task) => task.groupId === group.id) : await turn.store.monitoring.tasksOfCycle(cycle.id);
    if (list.length === 0) {
      turn.reply(mine ? "tasks.none-mine" : "tasks.none");
      return;
    }
    turn.say(lines(turn.t(mine ? "tasks.title-mine" : "tasks.title"), ...list.map((task) => taskLine(turn, task, group.timeZone)), "", turn.t("tasks.how")));
  },
};

/** Finds the task named in the arguments, in this group, that this person may update; replies and returns null otherwise. */
async function updatableTask(turn: Turn, word: string | undefined, usage: string): Promise<TaskInGroup | null> {
  const id = taskNumber(word);
  if (id === null) {
    turn.reply(usage);
    return null;
  }
  const task = await turn.store.monitoring.task(id);
  if (!task || task.groupId !== turn.group?.id || task.cycleId !== turn.cycle?.id) {
    turn.reply("tasks.no-such", { id });
    return null;
  }
  if (!mayUpdateTask(turn.roles, task.ownerId === turn.person.id)) {
    turn.reply("tasks.not-yours", { id });
    return null;
  }
  return task;
}

export const done: Command = {
  name: "done",
  needsGroup: true,
  action: () => "done",
  async run(turn, args) {
    const task = await updatableTask(turn, args.trim().split(/\s+/)[0], "tasks.done-usage");
    if (!task) return;
    if (task.status === "done") {
      turn.reply("tasks.already-done", { id: task.id });
      return;
    }
    await turn.store.monitoring.updateTask(task.id, { status: "done" }, turn.now);
    if (turn.group) await stopStaleReminders(turn.store, turn.group);
    await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: task.groupId, action: "task.done", entity: "task", entityId: task.id });
    turn.reply("tasks.marked-done", { id: task.id, title: relay(task.title) });
  },
};

const PROGRESS = "progress";

/**
 * `progress 12 <words>` at once; `progress 12` asks for the words;
 * `progress` alone first asks which of the person's open tasks, as
 * `indicator` asks which measure.
 */
export const progress: Command = {
  name: "progress",
  needsGroup: true,
  action: () => "progress",
  async run(turn, args) {
    const group = turn.group;
    if (!group) return;
    const [word, ...rest] = args.trim().split(/\s+/).filter((w) => w !== "");
    if (word === undefined) return askWhichTask(turn, group.id);
    const task = await updatableTask(turn, word, "tasks.progress-usage");
    // A note refused with its task is not kept, and the person is told so.
    if (!task) return hasVisible(rest.join(" ")) ? turn.reply("errors.text-not-kept") : undefined;
    if (rest.length === 0) return turn.ask(PROGRESS, noteStep(turn, task));
    const note = parseText(rest.join(" "));
    if (note.kind === "rejected") {
      turn.reply("tasks.progress-usage");
      return;
    }
    await saveProgress(turn, task, note.value.text, note.value.truncated);
  },
};

/** The person's tasks in this group still to finish, to choose from; none, one (asked about at once) or several. */
async function askWhichTask(turn: Turn, groupId: number): Promise<void> {
  const open = (await turn.store.monitoring.tasksOwnedBy(turn.person.id)).filter((task) => task.groupId === groupId && task.cycleId === turn.cycle?.id && (task.status === "open" || task.status === "doing"));
  const [only] = open;
  if (!only) {
    turn.reply("tasks.none-open-mine");
    return;
  }
  if (open.length === 1) return turn.ask(PROGRESS, noteStep(turn, only));
  const choices = choicesOf(open.map((task) => `${turn.t("tasks.number", { id: task.id })} ${quote(task.title)}`));
  await turn.ask(PROGRESS, { step: "pick", groupId, taskIds: open.map((task) => task.id), prompt: { key: "tasks.ask-which" }, choices });
}

function noteStep(turn: Turn, task: TaskInGroup): ConversationData {
  return { step: "note", groupId: task.groupId, taskId: task.id, prompt: { key: "tasks.ask-note", vars: { id: task.id, title: relay(task.title) } } };
}

async function saveProgress(turn: Turn, task: TaskInGroup, text: string, truncated: boolean): Promise<void> {
  await turn.store.monitoring.updateTask(task.id, { progress: text, ...(task.status === "open" ? { status: "doing" } : {}) }, turn.now);
  await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: task.groupId, action: "task.progress", entity: "task", entityId: task.id });
  await turn.endConversation();
  turn.say(truncationNote(turn, truncated) + turn.t("tasks.progress-saved", { id: task.id, title: relay(task.title) }));
}

export const progressConversation: Conversation = {
  name: PROGRESS,
  action: () => "progress",
  async answer(turn, data, text) {
    if (data.step === "pick") {
      const ids = Array.isArray(data["taskIds"]) ? data["taskIds"] : [];
      const choice = parseChoice(text, ids.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      // Checked again as the person answers: the task may have been moved or given to someone else meanwhile.
      const task = await updatableTask(turn, String(ids[choice.value - 1]), "tasks.progress-usage");
      if (!task) return turn.endConversation();
      return turn.ask(PROGRESS, noteStep(turn, task));
    }
    const task = await updatableTask(turn, String(data["taskId"]), "tasks.progress-usage");
    if (!task) return turn.endConversation();
    const note = parseText(text);
    if (note.kind === "rejected") return turn.retry(data, note.error);
    await saveProgress(turn, task, note.value.text, note.value.truncated);
  },
};

export const overdue: Command = {
  name: "overdue",
  needsGroup: true,
  action: () => "overdue",
  async run(turn) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    const late = overdueTasks(await turn.store.monitoring.tasksOfCycle(cycle.id), group, turn.now);
    if (late.length === 0) {
      turn.reply("tasks.none-overdue");
      return;
    }
    // Who is late is for the facilitator, in private; the group hears how many.
    if (turn.inGroup) {
      turn.reply("tasks.overdue-count", { count: late.length });
      return;
    }
    turn.say(lines(turn.t("tasks.overdue-title", { count: late.length }), ...late.map((task) => taskLine(turn, task, group.timeZone)), "", turn.t("tasks.nudge-how")));
  },
};

export const nudge: Command = {
  name: "nudge",
  needsGroup: true,
  action: () => "nudge",
  async run(turn) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    const late = overdueTasks(await turn.store.monitoring.tasksOfCycle(cycle.id), group, turn.now).filter((task) => task.ownerId !== null);
    if (late.length === 0) {
      turn.reply("tasks.none-overdue");
      return;
    }
    let queued = 0;
    for (const task of late) if (await scheduleNudge(turn.store, group, task, turn.now)) queued += 1;
    await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "task.nudged", entity: "group", entityId: group.id, details: { tasks: queued } });
    turn.say(lines(turn.t("tasks.nudged", { count: queued }), late.length > queued ? turn.t("tasks.nudged-already", { count: late.length - queued }) : null));
  },
};
