/**
 * `summary` in a group: where the group stands (step, priorities with their
 * votes, plans and their completeness, tasks by status with the late ones
 * named, the next review, the measures' trend). A coordinator's `summary` or
 * `groups` in private: one line per group of their programmes, whatever
 * platform each is on, the groups that need attention first; and
 * `summary <group name>`, that group's summary (see src/flows/private-group.ts).
 */
import { sequence } from "../domain/direction.ts";
import type { GroupReport } from "../domain/report.ts";
import type { Group, TaskInGroup, TaskStatus } from "../domain/types.ts";
import { showDate } from "./answers.ts";
import type { Command } from "./command.ts";
import { concernLabel, lines, ownerWords, shownLabel } from "./render.ts";
import { buildReport } from "./report.ts";
import { measureText, runoffLines, turnoutText } from "./result-text.ts";
import { overdueTasks } from "./tasks.ts";
import type { Texts } from "./texts.ts";
import type { Turn } from "./turn.ts";
import { quote, relay } from "../domain/text.ts";
import { isStaff } from "../domain/roles.ts";

const DAY_MS = 86_400_000;

const STATUSES: readonly TaskStatus[] = ["open", "doing", "done", "dropped"];

/** The group summary, in `locale`; the owners of late tasks are named only where `namesLate` (the facilitator's private chat). */
export function summaryText(texts: Texts, locale: string, report: GroupReport, namesLate: boolean): string {
  const t = (key: string, vars?: Record<string, unknown>) => texts.t(locale, key, vars);
  const tasks = report.plans.filter((p) => p.status === "approved").flatMap((p) => p.tasks);
  const late = tasks.filter((task) => task.overdue);
  const reviews = report.plans.map((p) => p.nextReview).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime());
  const trends = report.plans.flatMap((p) => p.indicators).filter((i) => i.readings.length > 0);
  return lines(
    t("summary.title", { group: relay(report.groupName), cycle: report.cycleNumber }),
    t("step.title", { step: report.step, name: t(`steps.${report.step}.name`) }),
    "",
    t("summary.priorities"),
    report.priorities.length > 0
      ? report.priorities.map((p) => `${p.rank}. ${concernLabel(p.concernNumber, p.text)}${p.measure ? ` — ${measureText(texts, locale, p.measure)}` : ""}`).join("\n")
      : t("summary.none"),
    report.turnout ? turnoutText(texts, locale, report.turnout) : null,
    ...(report.lastVote ? runoffLines(texts, locale, report.lastVote.result, (position) => shownLabel(report.lastVote?.options[position - 1] ?? "")) : []),
    "",
    t("summary.plans"),
    report.plans.length > 0
      ? report.plans.map((p) => `• ${shownLabel(p.priority)} — ${t(`plans.status.${p.status}`)}, ${p.gaps === 0 ? t("plans.complete") : t("plans.missing", { count: p.gaps })}`).join("\n")
      : t("summary.none"),
    "",
    t("summary.tasks"),
    tasks.length > 0 ? STATUSES.map((status) => `${t(`tasks.status.${status}`)}: ${tasks.filter((task) => task.status === status).length}`).join(" · ") : t("summary.none"),
    ...late.map((task) => `• ${t(namesLate ? "summary.late-named" : "summary.late", { title: relay(task.title), owner: ownerWords(t, task.ownerName, true), date: task.dueAt ? showDate(task.dueAt, report.timeZone) : "" })}`),
    "",
    t("summary.next-review", { date: reviews[0] ? showDate(reviews[0], report.timeZone) : t("summary.none") }),
    ...trends.map((i) => `• ${t("summary.trend", { name: quote(i.name), baseline: i.baseline ?? "—", values: sequence(i.readings.map((r) => String(r.value)), locale), target: i.target ?? "—" })}`),
  );
}

/** What a coordinator needs to see of one group, and how urgently. */
interface GroupLine {
  name: string;
  step: number;
  open: number;
  overdue: number;
  idleDays: number;
}

/** Groups with late tasks first (most late first), then the longest quiet. */
function byAttention(a: GroupLine, b: GroupLine): number {
  return b.overdue - a.overdue || b.idleDays - a.idleDays || a.name.localeCompare(b.name);
}

export async function groupsOverview(turn: Turn): Promise<string> {
  const programmes = await turn.store.programmes.coordinatedBy(turn.person.id);
  const groups = await turn.store.groups.inProgrammes(programmes.map((p) => p.id));
  if (groups.length === 0) return turn.t("groups.none");
  // Three queries for all the groups, not a report each: a programme may follow a thousand groups.
  const programmeIds = programmes.map((p) => p.id);
  const cycles = await turn.store.cycles.openCyclesInProgrammes(programmeIds);
  const tasks = await turn.store.monitoring.tasksInProgrammes(programmeIds);
  // The open cycle's tasks only: a group's earlier cycles are done with. Gathered by group once, not searched for each of a thousand groups.
  const stepOf = new Map(cycles.map((cycle) => [cycle.groupId, cycle.step]));
  const current = new Set(cycles.map((cycle) => cycle.id));
  const tasksOf = new Map<number, TaskInGroup[]>();
  for (const task of tasks) {
    if (!current.has(task.cycleId)) continue;
    const own = tasksOf.get(task.groupId);
    if (own) own.push(task);
    else tasksOf.set(task.groupId, [task]);
  }
  const rows = groups.map((group) => lineFor(turn, group, stepOf.get(group.id) ?? 1, tasksOf.get(group.id) ?? []));
  rows.sort(byAttention);
  return lines(
    turn.t("groups.title", { count: rows.length }),
    ...rows.map((row) =>
      turn.t(row.overdue > 0 || row.idleDays >= 14 ? "groups.line-attention" : "groups.line", {
        name: row.name,
        step: row.step,
        open: row.open,
        overdue: row.overdue,
        count: row.idleDays,
      }),
    ),
  );
}

function lineFor(turn: Turn, group: Group, step: number, tasks: TaskInGroup[]): GroupLine {
  const idle = (turn.now.getTime() - group.lastActivityAt.getTime()) / DAY_MS;
  return {
    name: relay(group.name ?? group.chatId),
    step,
    open: tasks.filter((task) => task.status === "open" || task.status === "doing").length,
    overdue: overdueTasks(tasks, group, turn.now).length,
    idleDays: Math.max(0, Math.floor(idle)),
  };
}

export const summary: Command = {
  name: "summary",
  needsGroup: "unless-coordinator",
  // A coordinator's `summary Ward 4`: that group alone (see src/flows/private-group.ts).
  namesGroupOnly: true,
  action: (turn) => (!turn.inGroup && turn.group === null ? "groups" : "summary"),
  async run(turn) {
    if (!turn.inGroup && turn.group === null) {
      turn.say(await groupsOverview(turn));
      return;
    }
    if (!turn.group) return;
    const namesLate = !turn.inGroup && isStaff(turn.roles);
    turn.say(summaryText(turn.deps.texts, turn.locale, await buildReport(turn.store, turn.group, turn.now), namesLate));
  },
};

export const groups: Command = {
  name: "groups",
  needsGroup: false,
  action: () => "groups",
  async run(turn) {
    turn.say(await groupsOverview(turn));
  },
};
