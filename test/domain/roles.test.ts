import { describe, expect, it } from "vitest";
import { ACTIONS, authorize, mayUpdateTask, type Action, type Situation } from "../../src/domain/roles.ts";
import type { ChatKind, Role, Step } from "../../src/domain/types.ts";

/** Who each action is for, written out independently of the rules table. */
const EXPECTED: Record<Action, { roles: readonly Role[]; chat?: ChatKind; steps?: readonly Step[] }> = {
  help: { roles: ["guest", "member", "facilitator", "coordinator"] },
  start: { roles: ["guest", "member", "facilitator", "coordinator"] },
  cancel: { roles: ["guest", "member", "facilitator", "coordinator"] },
  "lang.self": { roles: ["guest", "member", "facilitator", "coordinator"], chat: "private" },
  "lang.group": { roles: ["facilitator"], chat: "group" },
  setup: { roles: ["guest", "member", "facilitator", "coordinator"], chat: "group" },
  "setup.change": { roles: ["facilitator"], chat: "group" },
  invite: { roles: ["coordinator"], chat: "private" },
  join: { roles: ["guest", "member", "facilitator", "coordinator"], chat: "group" },
  "join.consent": { roles: ["guest", "member", "facilitator", "coordinator"], chat: "private" },
  step: { roles: ["member", "facilitator", "coordinator"] },
  next: { roles: ["facilitator"], chat: "group" },
  assess: { roles: ["member", "facilitator"], chat: "private", steps: [1] },
  "assess.progress": { roles: ["member", "facilitator", "coordinator"], steps: [1] },
  "stakeholders.view": { roles: ["member", "facilitator", "coordinator"] },
  "stakeholders.add": { roles: ["member", "facilitator"], steps: [1] },
  concern: { roles: ["member", "facilitator"], steps: [1, 2] },
  "concerns.view": { roles: ["member", "facilitator", "coordinator"] },
  "concerns.merge": { roles: ["facilitator"], steps: [1, 2] },
  "vote.open": { roles: ["facilitator"], chat: "group", steps: [2] },
  "vote.ballot": { roles: ["member", "facilitator"], chat: "group", steps: [2, 3] },
  "vote.cast": { roles: ["member", "facilitator"], chat: "private", steps: [2, 3] },
  "vote.close": { roles: ["facilitator"], steps: [2, 3] },
  priorities: { roles: ["member", "facilitator", "coordinator"] },
  plan: { roles: ["member", "facilitator"], steps: [3] },
  plans: { roles: ["member", "facilitator", "coordinator"] },
  tasks: { roles: ["member", "facilitator", "coordinator"] },
  done: { roles: ["member", "facilitator"], steps: [3, 4, 5] },
  progress: { roles: ["member", "facilitator"], steps: [3, 4, 5] },
  indicator: { roles: ["member", "facilitator"], steps: [4, 5] },
  review: { roles: ["facilitator"], chat: "group", steps: [4] },
  evaluate: { roles: ["member", "facilitator"], steps: [5] },
  "lessons.view": { roles: ["member", "facilitator", "coordinator"] },
  "lessons.add": { roles: ["member", "facilitator"] },
  newcycle: { roles: ["facilitator"], chat: "group", steps: [5] },
  overdue: { roles: ["facilitator", "coordinator"] },
  nudge: { roles: ["facilitator"], steps: [4, 5] },
  summary: { roles: ["member", "facilitator", "coordinator"] },
  groups: { roles: ["coordinator"], chat: "private" },
  export: { roles: ["member", "facilitator", "coordinator"] },
  privacy: { roles: ["guest", "member", "facilitator", "coordinator"] },
  mydata: { roles: ["guest", "member", "facilitator", "coordinator"], chat: "private" },
  forgetme: { roles: ["guest", "member", "facilitator", "coordinator"], chat: "private" },
};

const ROLES: Role[] = ["guest", "member", "facilitator", "coordinator"];
const CHATS: ChatKind[] = ["group", "private"];
const STEPS: Step[] = [1, 2, 3, 4, 5];

/** A facilitator is always a member too. */
function held(role: Role): Role[] {
  return role === "facilitator" ? ["member", "facilitator"] : [role];
}

describe("who may do what", () => {
  for (const action of ACTIONS) {
    it(`${action}: allowed exactly for ${EXPECTED[action].roles.join(", ")}${EXPECTED[action].chat ? ` in ${EXPECTED[action].chat} chats` : ""}${EXPECTED[action].steps ? ` at steps ${EXPECTED[action].steps?.join(", ")}` : ""}`, () => {
      const expected = EXPECTED[action];
      for (const role of ROLES) {
        for (const chat of CHATS) {
          for (const step of STEPS) {
            const verdict = authorize(action, { roles: held(role), chat, step, groupSetUp: true });
            const allowed = expected.roles.includes(role) && (!expected.chat || expected.chat === chat) && (!expected.steps || expected.steps.includes(step));
            expect(verdict.kind, `${role} in ${chat} at step ${step}`).toBe(allowed ? "accepted" : "rejected");
          }
        }
      }
    });
  }

  it("explains a refusal by its first reason: the chat, then the setup, then the role, then the step", () => {
    expect(authorize("vote.cast", { roles: ["guest"], chat: "group", step: 1, groupSetUp: false })).toEqual({ kind: "rejected", reason: "private-only" });
    expect(authorize("concern", { roles: ["guest"], chat: "group", step: 1, groupSetUp: false })).toEqual({ kind: "rejected", reason: "not-set-up" });
    expect(authorize("concern", { roles: ["guest"], chat: "group", step: 4, groupSetUp: true })).toEqual({ kind: "rejected", reason: "not-joined" });
    expect(authorize("next", { roles: ["member"], chat: "group", step: 1, groupSetUp: true })).toEqual({ kind: "rejected", reason: "facilitators-only" });
    expect(authorize("invite", { roles: ["facilitator"], chat: "private", step: null, groupSetUp: null })).toEqual({ kind: "rejected", reason: "coordinators-only" });
    expect(authorize("plan", { roles: ["member"], chat: "group", step: 2, groupSetUp: true })).toEqual({ kind: "rejected", reason: "wrong-step", steps: [3] });
  });

  it("lets a task's owner or the facilitator update it, and no one else", () => {
    expect(mayUpdateTask(["member"], true)).toBe(true);
    expect(mayUpdateTask(["member", "facilitator"], false)).toBe(true);
    expect(mayUpdateTask(["member"], false)).toBe(false);
    expect(mayUpdateTask(["coordinator"], false)).toBe(false);
  });

  it("lets a coordinator watch a group they do not belong to, but not vote or raise concerns in it", () => {
    const watch: Situation = { roles: ["coordinator"], chat: "private", step: 2, groupSetUp: true };
    expect(authorize("concerns.view", watch).kind).toBe("accepted");
    expect(authorize("vote.cast", watch)).toEqual({ kind: "rejected", reason: "not-joined" });
    expect(authorize("concern", watch)).toEqual({ kind: "rejected", reason: "not-joined" });
  });
});
