/**
 * Replays: platforms redeliver, sometimes several copies at once. Every
 * update is delivered 2 to 5 times concurrently, through `handle` or the
 * real webhook, to one store; the same updates, each delivered once, go to
 * a control store set up the same way. Whatever the replayed store holds
 * or sends beyond the control is a duplicate (rows, messages); whatever it
 * lacks was lost.
 */
import type { Outbound } from "../flows/messages.ts";
import type { Part, Section } from "./part.ts";
import { openFor } from "./databases.ts";
import { replayUpdates, type ReplayUpdate } from "./replay-updates.ts";
import { groupAtStep2, openVote } from "./scenario.ts";
import { tableCounts } from "./table-counts.ts";
import { telegramUpdate } from "./telegram-updates.ts";
import { startWebhookFront, type WebhookFront } from "./webhook-front.ts";
import { World, type Speaker } from "./world.ts";

interface Side {
  world: World;
  front: WebhookFront;
  members: Speaker[];
}

async function side(part: Part, label: string): Promise<Side> {
  const world = new World(await openFor(part.scope, await part.freshUrl(label)));
  const members = await groupAtStep2(world, 10);
  await openVote(world, members, ["Dark road to the market", "Fights at the crossroads", "Fees at the checkpoint"]);
  return { world, front: await startWebhookFront(part.scope, world), members };
}

/**
 * Delivers `copies` copies of the update at once; returns the messages they
 * sent and the failures: a copy that threw or was not answered 200, and
 * anything logged meanwhile (every logged event is an error).
 */
async function deliver({ world, front }: Side, update: ReplayUpdate, copies: number): Promise<{ messages: number; failed: number }> {
  const loggedBefore = world.logged.length;
  let messages = 0;
  let failed = 0;
  if (update.route === "handle") {
    const results = await Promise.allSettled(Array.from({ length: copies }, () => world.baraza.handle(update.inbound)));
    for (const result of results) {
      if (result.status === "fulfilled") messages += (result.value satisfies Outbound[]).length;
      else failed += 1;
    }
  } else {
    const before = front.api.messages();
    const body = telegramUpdate(update.inbound, Number(update.inbound.updateId));
    const statuses = await Promise.allSettled(Array.from({ length: copies }, () => front.post(body)));
    failed += statuses.filter((status) => status.status === "rejected" || status.value !== 200).length;
    messages = front.api.messages() - before;
  }
  failed += world.logged.length - loggedBefore;
  return { messages, failed };
}

export const replays: Section = {
  name: "replay",
  async run(part) {
    const control = await side(part, "replay-control");
    const replayed = await side(part, "replayed");
    const updates = replayUpdates(part.random.fork("replay"), part.settings.replays, control.members);

    let duplicateMessages = 0;
    let missingMessages = 0;
    let failed = 0;
    let deliveries = 0;
    for (const update of updates) {
      if (part.scope.stopped) return;
      const once = await deliver(control, update, 1);
      const many = await deliver(replayed, update, update.copies);
      deliveries += update.copies;
      duplicateMessages += Math.max(0, many.messages - once.messages);
      missingMessages += Math.max(0, once.messages - many.messages);
      failed += once.failed + many.failed;
    }

    const expected = await tableCounts(control.world.database);
    const held = await tableCounts(replayed.world.database);
    let duplicateRows = 0;
    let missingRows = 0;
    const differing: string[] = [];
    for (const [table, count] of expected) {
      const got = held.get(table) ?? 0;
      if (got !== count) differing.push(`${table} ${got} (once: ${count})`);
      duplicateRows += Math.max(0, got - count);
      missingRows += Math.max(0, count - got);
    }

    const kinds = new Map<string, number>();
    for (const update of updates) kinds.set(update.kind, (kinds.get(update.kind) ?? 0) + 1);
    const webhook = updates.filter((update) => update.route === "webhook");
    part.tried(
      `${updates.length} updates (${[...kinds].map(([kind, n]) => `${n} ${kind}`).join(", ")}) delivered ${deliveries} times, 2-5 copies at once; ` +
        `${webhook.length} of them (${webhook.reduce((sum, u) => sum + u.copies, 0)} deliveries) through the webhook; ${[...expected.values()].reduce((a, b) => a + b, 0)} rows compared with a control store given each update once`,
    );
    if (differing.length > 0) part.tried(`tables that differ from the control: ${differing.join(", ")}`);
    part.figure("duplicateRows", duplicateRows);
    part.figure("missingRows", missingRows);
    part.figure("duplicateMessages", duplicateMessages);
    part.figure("missingMessages", missingMessages);
    part.figure("failedDeliveries", failed);
  },
};
