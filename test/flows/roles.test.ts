/**
 * Every command, from every role, in the group and in private: those the
 * role may not use are refused with the reason, and change nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/flows/registry.ts";
import { allText, startHarness, type Harness } from "../support/harness.ts";
import { agreeToTakePart, joinMembers, makeCoordinator, SETUP_ANSWERS } from "../support/scenario.ts";
import { snapshot } from "../support/snapshot.ts";

const REFUSALS = {
  "facilitators-only": "Only the group's facilitator can do that.",
  "coordinators-only": "Only a programme coordinator can do that.",
  "not-joined": "Only members of this group can do that.",
  "no-group": "You are not a member of any group yet.",
  "group-only": "Please use this command in the group's chat.",
  "private-only": "Please send this to me in a private chat",
  "wrong-step": "That belongs to another step of the cycle",
} as const;
type Refusal = keyof typeof REFUSALS;

const PEOPLE = ["stranger", "member", "facilitator", "coordinator"] as const;
type Who = (typeof PEOPLE)[number];
type Expectation = Partial<Record<Who, Refusal>>;

/** At step 2, with no vote open: who is refused each command, and why. Everyone not listed may use it. */
const IN_GROUP: Record<string, Expectation> = {
  help: {},
  start: {},
  cancel: {},
  setup: { stranger: "facilitators-only", member: "facilitators-only", coordinator: "facilitators-only" },
  invite: { stranger: "private-only", member: "private-only", facilitator: "private-only", coordinator: "private-only" },
  join: {},
  lang: { stranger: "facilitators-only", member: "facilitators-only", coordinator: "facilitators-only" },
  step: { stranger: "not-joined" },
  next: { stranger: "facilitators-only", member: "facilitators-only", coordinator: "facilitators-only" },
  assess: { stranger: "not-joined", member: "wrong-step", facilitator: "wrong-step", coordinator: "wrong-step" },
  stakeholders: { stranger: "not-joined" },
  concern: { stranger: "not-joined", coordinator: "not-joined" },
  concerns: { stranger: "not-joined" },
  vote: { stranger: "facilitators-only", member: "facilitators-only", coordinator: "facilitators-only" },
  closevote: { stranger: "facilitators-only", member: "facilitators-only", coordinator: "facilitators-only" },
  priorities: { stranger: "not-joined" },
  plan: { stranger: "not-joined", member: "wrong-step", facilitator: "wrong-step", coordinator: "not-joined" },
  plans: { stranger: "not-joined" },
  tasks: { stranger: "not-joined" },
  done: { stranger: "not-joined", member: "wrong-step", facilitator: "wrong-step", coordinator: "not-joined" },
  progress: { stranger: "not-joined", member: "wrong-step", facilitator: "wrong-step", coordinator: "not-joined" },
  indicator: { stranger: "not-joined", member: "wrong-step", facilitator: "wrong-step", coordinator: "not-joined" },
  review: { stranger: "facilitators-only", member: "facilitators-only", facilitator: "wrong-step", coordinator: "facilitators-only" },
  evaluate: { stranger: "not-joined", member: "wrong-step", facilitator: "wrong-step", coordinator: "not-joined" },
  lessons: { stranger: "not-joined" },
  newcycle: { stranger: "facilitators-only", member: "facilitators-only", facilitator: "wrong-step", coordinator: "facilitators-only" },
  overdue: { stranger: "facilitators-only", member: "facilitators-only" },
  nudge: { stranger: "facilitators-only", member: "facilitators-only", facilitator: "wrong-step", coordinator: "facilitators-only" },
  summary: { stranger: "not-joined" },
  groups: { stranger: "private-only", member: "private-only", facilitator: "private-only", coordinator: "private-only" },
  export: { stranger: "not-joined" },
  privacy: {},
  mydata: { stranger: "private-only", member: "private-only", facilitator: "private-only", coordinator: "private-only" },
  forgetme: { stranger: "private-only", member: "private-only", facilitator: "private-only", coordinator: "private-only" },
};

/**
 * The coordinator follows the group without being in it: in private, what a
 * coordinator may see reaches the group; what only members do finds no group.
 */
const outsiders = (refusal: Refusal = "no-group"): Expectation => ({ stranger: refusal, coordinator: refusal });
const IN_PRIVATE: Record<string, Expectation> = {
  help: {},
  start: {},
  cancel: {},
  setup: { stranger: "group-only", member: "group-only", facilitator: "group-only", coordinator: "group-only" },
  invite: { stranger: "coordinators-only", member: "coordinators-only", facilitator: "coordinators-only" },
  join: { stranger: "group-only", member: "group-only", facilitator: "group-only", coordinator: "group-only" },
  lang: {},
  step: { stranger: "no-group" },
  next: { ...outsiders(), member: "group-only", facilitator: "group-only" },
  assess: { ...outsiders(), member: "wrong-step", facilitator: "wrong-step" },
  stakeholders: { stranger: "no-group" },
  concern: outsiders(),
  concerns: { stranger: "no-group" },
  vote: outsiders(),
  closevote: { ...outsiders(), member: "facilitators-only" },
  priorities: { stranger: "no-group" },
  plan: { ...outsiders(), member: "wrong-step", facilitator: "wrong-step" },
  plans: { stranger: "no-group" },
  tasks: { stranger: "no-group" },
  done: { ...outsiders(), member: "wrong-step", facilitator: "wrong-step" },
  progress: { ...outsiders(), member: "wrong-step", facilitator: "wrong-step" },
  indicator: { ...outsiders(), member: "wrong-step", facilitator: "wrong-step" },
  review: { ...outsiders(), member: "group-only", facilitator: "group-only" },
  evaluate: { ...outsiders(), member: "wrong-step", facilitator: "wrong-step" },
  lessons: { stranger: "no-group" },
  newcycle: { ...outsiders(), member: "group-only", facilitator: "group-only" },
  overdue: { stranger: "no-group", member: "facilitators-only" },
  nudge: { ...outsiders(), member: "facilitators-only", facilitator: "wrong-step" },
  // A coordinator's summary in private is the view of every group of their programme.
  summary: { stranger: "no-group" },
  groups: { stranger: "coordinators-only", member: "coordinators-only", facilitator: "coordinators-only" },
  export: { stranger: "no-group" },
  privacy: {},
  mydata: {},
  forgetme: {},
};

let h: Harness;
const SPEAKER: Record<Who, string> = { stranger: "stranger", member: "aung", facilitator: "amina", coordinator: "naw" };

beforeAll(async () => {
  h = await startHarness();
  await makeCoordinator(h, "naw");
  const invitation = await h.dm("naw", "/invite");
  const code = /\n\n(CODE\d+)\n\n/.exec(allText(invitation))?.[1] ?? "";
  await h.group("amina", `/setup ${code}`);
  for (const answer of SETUP_ANSWERS) await h.group("amina", answer);
  await agreeToTakePart(h, "amina");
  await joinMembers(h, ["aung", "thida", "ram"]);
  await h.group("amina", "/next");
  await h.group("amina", "1");
});
afterAll(() => h.close());

describe.each([
  ["the group", IN_GROUP, (who: string, text: string) => h.group(who, text)],
  ["private", IN_PRIVATE, (who: string, text: string) => h.dm(who, text)],
] as const)("every command in %s", (_where, table, send) => {
  it("covers every command there is", () => {
    expect(Object.keys(table).sort()).toEqual([...COMMANDS.keys(), "cancel"].sort());
  });

  for (const [command, refused] of Object.entries(table)) {
    for (const who of PEOPLE) {
      const refusal = refused[who];
      it(`/${command} from the ${who}: ${refusal ? `refused (${refusal})` : "not refused"}`, async () => {
        const before = await snapshot(h.db);
        const replies = await send(SPEAKER[who], `/${command}`);
        const text = allText(replies);
        await send(SPEAKER[who], "/cancel");
        if (refusal) {
          expect(text).toContain(REFUSALS[refusal]);
          expect(await snapshot(h.db)).toEqual(before);
        } else {
          for (const message of Object.values(REFUSALS)) expect(text).not.toContain(message);
        }
      });
    }
  }
});
