/**
 * Who may do what, and where. Flows ask `authorize` before acting, so the
 * rules live here once and a test can walk every action with every role.
 */
import type { ChatKind, Role, Step } from "./types.ts";

/** Everything a person can ask of the bot, at the grain where rights differ. */
export const ACTIONS = [
  "help",
  "start",
  "cancel",
  "lang.self",
  "lang.group",
  "setup",
  "setup.change",
  "invite",
  "join",
  "join.consent",
  "step",
  "next",
  "assess",
  "assess.progress",
  "stakeholders.view",
  "stakeholders.add",
  "concern",
  "concerns.view",
  "concerns.merge",
  "vote.open",
  "vote.ballot",
  "vote.cast",
  "vote.close",
  "priorities",
  "plan",
  "plans",
  "tasks",
  "done",
  "progress",
  "indicator",
  "review",
  "evaluate",
  "lessons.view",
  "lessons.add",
  "newcycle",
  "overdue",
  "nudge",
  "summary",
  "groups",
  "export",
  "privacy",
  "mydata",
  "forgetme",
] as const;
export type Action = (typeof ACTIONS)[number];

type Who = "anyone" | "member" | "facilitator" | "coordinator" | "staff" | "member-or-staff";

interface Rule {
  who: Who;
  /** Chats the action is used in; either when absent. */
  chat?: ChatKind;
  /** Steps of the cycle the action belongs to; any step when absent. */
  steps?: readonly Step[];
  /** Whether the group must have finished setup first. */
  needsSetup?: boolean;
}

const RULES: Record<Action, Rule> = {
  help: { who: "anyone" },
  start: { who: "anyone" },
  cancel: { who: "anyone" },
  "lang.self": { who: "anyone", chat: "private" },
  "lang.group": { who: "facilitator", chat: "group", needsSetup: true },
  // Whether the person holds an invitation is checked by the setup flow itself.
  setup: { who: "anyone", chat: "group" },
  "setup.change": { who: "facilitator", chat: "group", needsSetup: true },
  invite: { who: "coordinator", chat: "private" },
  join: { who: "anyone", chat: "group", needsSetup: true },
  // Agreeing to take part, in private, after asking in the group (the join flow checks the person is still in the chat).
  "join.consent": { who: "anyone", chat: "private", needsSetup: true },
  step: { who: "member-or-staff", needsSetup: true },
  next: { who: "facilitator", chat: "group", needsSetup: true },
  assess: { who: "member", chat: "private", steps: [1], needsSetup: true },
  "assess.progress": { who: "member-or-staff", steps: [1], needsSetup: true },
  "stakeholders.view": { who: "member-or-staff", needsSetup: true },
  "stakeholders.add": { who: "member", steps: [1], needsSetup: true },
  concern: { who: "member", steps: [1, 2], needsSetup: true },
  "concerns.view": { who: "member-or-staff", needsSetup: true },
  "concerns.merge": { who: "facilitator", steps: [1, 2], needsSetup: true },
  "vote.open": { who: "facilitator", chat: "group", steps: [2], needsSetup: true },
  // Asking for one's ballot in the group: it arrives in private, where it is cast.
  "vote.ballot": { who: "member", chat: "group", steps: [2, 3], needsSetup: true },
  "vote.cast": { who: "member", chat: "private", steps: [2, 3], needsSetup: true },
  "vote.close": { who: "facilitator", steps: [2, 3], needsSetup: true },
  priorities: { who: "member-or-staff", needsSetup: true },
  plan: { who: "member", steps: [3], needsSetup: true },
  plans: { who: "member-or-staff", needsSetup: true },
  tasks: { who: "member-or-staff", needsSetup: true },
  done: { who: "member", steps: [3, 4, 5], needsSetup: true },
  progress: { who: "member", steps: [3, 4, 5], needsSetup: true },
  indicator: { who: "member", steps: [4, 5], needsSetup: true },
  review: { who: "facilitator", chat: "group", steps: [4], needsSetup: true },
  evaluate: { who: "member", steps: [5], needsSetup: true },
  "lessons.view": { who: "member-or-staff", needsSetup: true },
  "lessons.add": { who: "member", needsSetup: true },
  newcycle: { who: "facilitator", chat: "group", steps: [5], needsSetup: true },
  overdue: { who: "staff", needsSetup: true },
  nudge: { who: "facilitator", steps: [4, 5], needsSetup: true },
  summary: { who: "member-or-staff", needsSetup: true },
  groups: { who: "coordinator", chat: "private" },
  export: { who: "member-or-staff", needsSetup: true },
  privacy: { who: "anyone" },
  // A person's own data: only ever in their private chat.
  mydata: { who: "anyone", chat: "private" },
  forgetme: { who: "anyone", chat: "private" },
};

export interface Situation {
  /** Every role the person holds here: a facilitator is also a member, a coordinator may be neither. */
  roles: readonly Role[];
  chat: ChatKind;
  /** The group's current step; null where there is no group (a private chat of someone in no group). */
  step: Step | null;
  /** Whether the group has finished setup; null where no group is concerned (a private chat of someone in no group). */
  groupSetUp: boolean | null;
}

export type Authorization =
  | { kind: "accepted" }
  | { kind: "rejected"; reason: "not-joined" | "facilitators-only" | "coordinators-only" | "group-only" | "private-only" | "not-set-up" }
  | { kind: "rejected"; reason: "wrong-step"; steps: readonly Step[] };

/** Whether someone holding these roles may take this action here, and if not, why. */
export function authorize(action: Action, situation: Situation): Authorization {
  const rule = RULES[action];
  if (rule.chat === "group" && situation.chat !== "group") return { kind: "rejected", reason: "group-only" };
  if (rule.chat === "private" && situation.chat !== "private") return { kind: "rejected", reason: "private-only" };
  if (rule.needsSetup && situation.groupSetUp === false) return { kind: "rejected", reason: "not-set-up" };
  const refused = refusalFor(rule.who, situation.roles);
  if (refused) return { kind: "rejected", reason: refused };
  if (rule.steps && situation.step !== null && !rule.steps.includes(situation.step)) {
    return { kind: "rejected", reason: "wrong-step", steps: rule.steps };
  }
  return { kind: "accepted" };
}

function refusalFor(who: Who, roles: readonly Role[]): "not-joined" | "facilitators-only" | "coordinators-only" | null {
  const has = (role: Role) => roles.includes(role);
  switch (who) {
    case "anyone":
      return null;
    case "member":
      return has("member") || has("facilitator") ? null : "not-joined";
    case "facilitator":
      return has("facilitator") ? null : "facilitators-only";
    case "coordinator":
      return has("coordinator") ? null : "coordinators-only";
    case "staff":
      return isStaff(roles) ? null : "facilitators-only";
    case "member-or-staff":
      return has("member") || has("facilitator") || has("coordinator") ? null : "not-joined";
  }
}

/** Whether these roles make someone the group's staff: its facilitator, or a coordinator of its programme. */
export function isStaff(roles: readonly Role[]): boolean {
  return roles.includes("facilitator") || roles.includes("coordinator");
}

/**
 * Whether someone may report on or complete a task: its owner, or the
 * group's facilitator (who keeps the plan up to date for members without a phone).
 */
export function mayUpdateTask(roles: readonly Role[], isOwner: boolean): boolean {
  return isOwner || roles.includes("facilitator");
}
