/**
 * The bot added to a group. Baraza works only in groups set up with a
 * coordinator's invitation (or by a coordinator), so that every group belongs
 * to a programme someone answers for. A group it is added to gets one
 * explanation: how to set it up, and that the bot leaves if no invitation is
 * used in time; if none has been when the time is up, the bot leaves. A group
 * already set up (the bot removed and added back) is greeted as before and
 * kept.
 */
import type { ScheduledJob } from "../domain/types.ts";
import type { Inbound, Outbound } from "./messages.ts";
import type { Store } from "./ports.ts";
import { localeOf, type Deps } from "./turn.ts";

export const UNCLAIMED_JOB = "unclaimed-group";

/** How long a group has to use an invitation after adding the bot. */
export const CLAIM_MINUTES = 15;

/** What the group is told when the bot arrives; a group without an invitation is also given its deadline. */
export async function botAdded(deps: Deps, store: Store, inbound: Inbound): Promise<Outbound[]> {
  const to: Outbound["to"] = { kind: "chat", platform: inbound.platform, chatId: inbound.chat.id };
  const group = await store.groups.find(inbound.platform, inbound.chat.id);
  if (group?.setupAt) return [{ to, text: deps.texts.t(group.locale, "start.group-ready") }];
  if (group?.programmeId != null) return [];
  const adder = await store.people.find(inbound.platform, inbound.sender.id);
  const locale = adder ? localeOf(adder, null, deps.settings) : deps.settings.defaultLocale;
  await scheduleLeaving(deps, store, inbound.platform, inbound.chat.id);
  return [{ to, text: deps.texts.t(locale, "start.group-unclaimed", { minutes: CLAIM_MINUTES }) }];
}

/**
 * A chat moved to a new id (Telegram upgrading a group to a supergroup)
 * before anyone set it up: the deadline follows it, since the one waiting
 * names the old id, which no longer answers.
 */
export async function unclaimedChatMoved(deps: Deps, store: Store, platform: string, toChatId: string): Promise<void> {
  const group = await store.groups.find(platform, toChatId);
  if (group?.programmeId == null) await scheduleLeaving(deps, store, platform, toChatId);
}

async function scheduleLeaving(deps: Deps, store: Store, platform: string, chatId: string): Promise<void> {
  const now = deps.clock.now();
  await store.jobs.schedule({
    kind: UNCLAIMED_JOB,
    groupId: null,
    personId: null,
    dueAt: new Date(now.getTime() + CLAIM_MINUTES * 60_000),
    payload: { platform, chatId },
    // Added again later: a new deadline.
    dedupeKey: `${UNCLAIMED_JOB}:${platform}:${chatId}:${now.toISOString()}`,
  });
}

/**
 * At the deadline: nothing if the group has been set up with an invitation
 * since; otherwise the bot leaves, without a word more (the greeting said it
 * would, and why).
 */
export async function leaveIfUnclaimed(store: Store, job: ScheduledJob): Promise<Outbound[]> {
  const { platform, chatId } = job.payload;
  if (typeof platform !== "string" || typeof chatId !== "string") return [];
  const group = await store.groups.find(platform, chatId);
  if (group?.programmeId != null) return [];
  return [{ to: { kind: "chat", platform, chatId }, text: "", leave: true }];
}
