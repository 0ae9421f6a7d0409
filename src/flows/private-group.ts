/**
 * Which group a command sent in a private chat is about.
 *
 * A member's private command is about one of the groups they are in (asked
 * which, when they are in several). A coordinator follows every group of
 * their programmes, on whatever platform each group lives, usually without
 * being in any of them: a command a coordinator may use (`export`,
 * `overdue`, `summary`, the views) reaches each of those groups too, named
 * by the group's name at the start of its arguments (`export Ward 4 pdf`),
 * or else chosen from a question. Only the groups of the programmes the
 * person coordinates are ever offered or matched, so a name from another
 * programme finds nothing and says nothing about it.
 */
import { authorize } from "../domain/roles.ts";
import type { Group, Person } from "../domain/types.ts";
import type { Command, ParsedCommand } from "./command.ts";
import type { Inbound } from "./messages.ts";
import type { Store } from "./ports.ts";
import { Turn, type Deps } from "./turn.ts";

export type PrivateGroup =
  /** The command runs about `group` (null: about no one group, a coordinator's view of them all) with `args`, the group's name taken off. */
  | { kind: "group"; group: Group | null; args: string }
  /** Several groups fit: the person is asked which, and the command (`pending`, as typed) runs once they answer; `coordinator`: some of them are not the person's own. */
  | { kind: "pick"; groups: Group[]; pending: string; coordinator: boolean }
  /** No group fits: the person is in none (`coordinator`: and follows none). */
  | { kind: "none"; coordinator: boolean }
  /** The arguments were to name a group (see `Command.namesGroupOnly`), and none of the person's groups is called that. */
  | { kind: "unknown" };

/** Which group `command`, sent privately by `person`, is about (see the module's comment). */
export async function privateGroup(deps: Deps, store: Store, inbound: Inbound, person: Person, handler: Command, command: ParsedCommand): Promise<PrivateGroup> {
  const own = await store.memberships.groupsOf(person.id);
  const programmes = await store.programmes.coordinatedBy(person.id);
  const reach = programmes.length > 0 && (await coordinatorMayUse(deps, store, inbound, person, handler, command.args));
  if (!reach) {
    if (own.length > 1) return { kind: "pick", groups: own, pending: inbound.text, coordinator: false };
    const only = own[0];
    return only ? { kind: "group", group: only, args: command.args } : { kind: "none", coordinator: false };
  }
  const followed = await store.groups.inProgrammes(programmes.map((p) => p.id));
  const groups = [...followed, ...own.filter((group) => !followed.some((f) => f.id === group.id))];
  const named = namedGroups(groups, command.args);
  if (named) {
    const [first, ...others] = named.groups;
    if (first && others.length === 0) return { kind: "group", group: first, args: named.rest };
    return { kind: "pick", groups: named.groups, pending: `/${command.name} ${named.rest}`.trim(), coordinator: followsOthers(named.groups, own) };
  }
  // `summary` alone is the view of every group; with words that name none of them, it says so.
  if (handler.needsGroup === "unless-coordinator") return handler.namesGroupOnly && command.args.trim() !== "" ? { kind: "unknown" } : { kind: "group", group: null, args: command.args };
  if (groups.length > 1) return { kind: "pick", groups, pending: inbound.text, coordinator: followsOthers(groups, own) };
  const only = groups[0];
  return only ? { kind: "group", group: only, args: command.args } : { kind: "none", coordinator: true };
}

/** Whether some of `groups` are not the person's own: they are asked as the coordinator who follows them, not as a member of several. */
function followsOthers(groups: readonly Group[], own: readonly Group[]): boolean {
  return groups.some((group) => !own.some((mine) => mine.id === group.id));
}

/**
 * Whether this use of the command is one a coordinator may make about a
 * group of their programme without being in it: asked of the domain's
 * rules, for someone who holds only the coordinator's role, in private, in
 * a group that is set up. (The group's step is checked later, about the
 * group itself.)
 */
async function coordinatorMayUse(deps: Deps, store: Store, inbound: Inbound, person: Person, handler: Command, args: string): Promise<boolean> {
  const probe = new Turn(deps, store, inbound, person, null, null, ["coordinator"], null);
  const action = await handler.action(probe, args);
  return authorize(action, { roles: ["coordinator"], chat: "private", step: null, groupSetUp: true }).kind === "accepted";
}

/**
 * The groups whose name the arguments start with, as whole words and
 * whatever the case; the longest name wins (`Ward 12` over `Ward 1`).
 * Null when the arguments start with no group's name. Several groups may
 * share one name (on different platforms): all of them are returned.
 */
export function namedGroups(groups: readonly Group[], args: string): { groups: Group[]; rest: string } | null {
  const words = wordsOf(args);
  let best: { groups: Group[]; length: number } | null = null;
  for (const group of groups) {
    if (group.name === null) continue;
    const name = wordsOf(group.name).map(fold);
    if (name.length === 0 || name.length > words.length) continue;
    if (!name.every((word, i) => word === fold(words[i] ?? ""))) continue;
    if (!best || name.length > best.length) best = { groups: [group], length: name.length };
    else if (name.length === best.length) best.groups.push(group);
  }
  return best ? { groups: best.groups, rest: words.slice(best.length).join(" ") } : null;
}

function wordsOf(text: string): string[] {
  return text.normalize("NFC").trim().split(/\s+/).filter((word) => word !== "");
}

function fold(word: string): string {
  return word.toLocaleLowerCase();
}
