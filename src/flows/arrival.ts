/**
 * The bot added to a group. Baraza works only in groups set up with a
 * coordinator's invitation (or by a coordinator), so that every group belongs
 * to a programme someone answers for. A group it is added to gets one
 * explanation of how to set it up; if no invitation has been used there when
 * the time is up, the bot says goodbye and leaves. A group already set up (the
 * bot removed and added back) is greeted as before and kept.
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
  const now = deps.clock.now();
  const to: Outbound["to"] = { kind: "chat", platform: inbound.platform, chatId: inbound.chat.id };
  const group = await store.groups.find(inbound.platform, inbound.chat.id);
  if (group?.setupAt) return [{ to, text: deps.texts.t(group.locale, "start.group-ready") }];
  if (group?.programmeId != null) return [];
  const adder = await store.people.find(inbound.platform, inbound.sender.id);
  const locale = adder ? localeOf(adder, null, deps.settings) : deps.settings.defaultLocale;
  await store.jobs.schedule({
    kind: UNCLAIMED_JOB,
    groupId: null,
    personId: null,
    dueAt: new Date(now.getTime() + CLAIM_MINUTES * 60_000),
    payload: { platform: inbound.platform, chatId: inbound.chat.id, locale },
    // Added again later: a new deadline.
    dedupeKey: `${UNCLAIMED_JOB}:${inbound.platform}:${inbound.chat.id}:${now.toISOString()}`,
  });
  return [{ to, text: deps.texts.t(locale, "start.group-unclaimed", { minutes: CLAIM_MINUTES }) }];
}

/** At the deadline: nothing if the group has been set up with an invitation since; otherwise a goodbye, and the bot leaves. */
export async function leaveIfUnclaimed(deps: Deps, store: Store, job: ScheduledJob): Promise<Outbound[]> {
  const { platform, chatId, locale } = job.payload;
  if (typeof platform !== "string" || typeof chatId !== "string") return [];
  const group = await store.groups.find(platform, chatId);
  if (group?.programmeId != null) return [];
  const text = deps.texts.t(typeof locale === "string" ? locale : deps.settings.defaultLocale, "start.leaving-unclaimed");
  return [{ to: { kind: "chat", platform, chatId }, text, leave: true }];
}
