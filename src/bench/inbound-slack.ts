/**
 * Inbound requests per second through the real Slack adapter (the Bolt app
 * of createSlackApp, fed with `app.processEvent` as its receivers feed it),
 * against a bare Bolt app whose listeners do one insert per request, over
 * the Slack adapter tests' fake Web API in its own process. Interleaved
 * rounds, median ratio, as for Telegram. Slack's pace of one message a
 * second per conversation is turned off (`paceMs: 0`) on both sides: it
 * would measure the wait, not the work.
 */
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { App, type Receiver } from "@slack/bolt";
import { createSlackApp } from "../bots/slack/app.ts";
import type { Scope } from "../reliability/scope.ts";
import { peopleFor } from "./drive.ts";
import { forkFake } from "./fake-process.ts";
import { benchGroup } from "./group.ts";
import { interleaved, ratios } from "./rounds.ts";
import { SIZES } from "./sizes.ts";
import { median } from "./stats.ts";
import { SLACK_CHANNEL, SLACK_TOKEN, SlackTalk, slackUser, WatchedClient } from "./slack-talk.ts";
import { noErrors, openWorld, type World } from "./world.ts";

const ENTRY = fileURLToPath(new URL("./slack-fake-process.ts", import.meta.url));
const IDENTITY = { botUserId: "UBARAZA", botId: "BBARAZA", name: "baraza", appLink: "https://slack.com/app_redirect?app=A0001&team=T0001" };
/** Nothing arrives through it: the bench calls `processEvent`. */
const noTransport: Receiver = { init: () => undefined, start: () => Promise.resolve(), stop: () => Promise.resolve() };

type Feed = (body: Record<string, unknown>) => Promise<void>;

function barazaApp(world: World, client: WatchedClient): Feed {
  const slack = createSlackApp({ token: SLACK_TOKEN, identity: IDENTITY, receiver: noTransport, client, lookups: client, baraza: world.baraza, texts: world.texts, defaultLocale: "en", paceMs: 0, log: { error: (event) => void world.errors.push(event) } });
  return (body) => slack.app.processEvent({ body, ack: () => Promise.resolve() });
}

/** A bare Bolt app: every slash command, DM message and button press is acknowledged and inserted as one row. */
function bareApp(world: World, client: WatchedClient): Feed {
  const app = new App({ token: SLACK_TOKEN, botId: IDENTITY.botId, botUserId: IDENTITY.botUserId, tokenVerificationEnabled: false, receiver: noTransport, clientOptions: { slackApiUrl: client.slackApiUrl } });
  let row = 0;
  const insert = () => world.database.client.processedUpdate.create({ data: { platform: "bare-slack", updateId: String(++row) } });
  app.command("/baraza", async ({ ack }) => {
    await ack();
    await insert();
  });
  app.message(async () => void (await insert()));
  app.action(/.*/, async ({ ack }) => {
    await ack();
    await insert();
  });
  return (body) => app.processEvent({ body, ack: () => Promise.resolve() });
}

async function drive(feed: Feed, talk: SlackTalk, people: readonly number[], count: number, answers: boolean): Promise<number> {
  const each = Math.ceil(count / people.length);
  const started = performance.now();
  await Promise.all(
    people.map(async (index) => {
      for (let i = 0; i < each; i++) {
        const before = talk.answered(index);
        await feed(talk.next(index));
        if (answers && talk.answered(index) === before) throw new Error(`inbound (Slack): a request from person ${index + 1} was not answered`);
      }
    }),
  );
  return performance.now() - started;
}

export async function inboundSlack(scope: Scope): Promise<{ ratio: number; baraza: number; bare: number }> {
  const fake = await forkFake(scope, ENTRY, { people: SIZES.people, updates: 0 });
  const world = await openWorld(scope, "slack");
  await benchGroup(world.store, "slack", SLACK_CHANNEL, Array.from({ length: SIZES.people }, (_, index) => slackUser(index)));
  const talks = [new SlackTalk(fake.apiRoot), new SlackTalk(fake.apiRoot)] as const;
  const contenders = [
    { feed: barazaApp(world, new WatchedClient(fake.apiRoot, talks[0])), talk: talks[0], answers: true },
    { feed: bareApp(world, new WatchedClient(fake.apiRoot, talks[1])), talk: talks[1], answers: false },
  ];
  const rates = await interleaved(contenders.length, async (index, people, updates) => {
    const contender = contenders[index];
    if (!contender) throw new Error(`Bench bug: no contender ${index}`);
    return drive(contender.feed, contender.talk, people, updates, contender.answers);
  });
  noErrors(world, "inbound (Slack)");
  if (!talks[0].hasButtons(peopleFor(1, 1, SIZES.people)[0] ?? 0)) throw new Error("inbound (Slack): Baraza drew no buttons, so no press was a real one");
  const stakeholders = await world.database.client.stakeholder.count();
  // Each person's first message is met with the privacy notice, so a person's first answer may add nothing; every other one must.
  if (stakeholders < Math.floor(talks[0].sent / 2) - talks[0].people) throw new Error(`inbound (Slack): Baraza stored ${stakeholders} stakeholders for ${talks[0].sent / 2} answers`);
  const bareRows = await world.database.client.processedUpdate.count({ where: { platform: "bare-slack" } });
  if (bareRows !== talks[1].sent) throw new Error(`inbound (Slack): the bare app stored ${bareRows} rows for ${talks[1].sent} requests`);
  return { ratio: median(ratios(rates, 0, 1)), baraza: median(rates[0] ?? []), bare: median(rates[1] ?? []) };
}
