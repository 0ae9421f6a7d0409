/**
 * Inbound updates per second through the real Telegram adapter
 * (`bot.handleUpdate`), against a bare grammY bot doing one insert per
 * update, and the same with one reply, over one fake Bot API in its own
 * process. Interleaved: each round handles the same number of updates with
 * each bot, in a rotating order; a ratio is taken per round, and the median
 * is reported, so the machine's load shifts both sides of every ratio.
 */
import type { Bot } from "grammy";
import type { Scope } from "../reliability/scope.ts";
import { drive, peopleFor } from "./drive.ts";
import { startFakeTelegram } from "./fake-telegram.ts";
import { interleaved, ratios } from "./rounds.ts";
import { SIZES } from "./sizes.ts";
import { median } from "./stats.ts";
import { barazaBot, bareBot } from "./telegram-bots.ts";
import { telegramGroup } from "./group.ts";
import { personId, Talk } from "./telegram-talk.ts";
import { noErrors, openWorld } from "./world.ts";

export interface InboundFigures {
  /** Baraza's rate over the bare bot's (insert only), median of the rounds. */
  ratio: number;
  /** Baraza's rate over the bare bot's that also replies. */
  ratioReply: number;
  /** Median updates per second of each. */
  baraza: number;
  bare: number;
  bareReply: number;
}

export async function inboundTelegram(scope: Scope): Promise<InboundFigures> {
  const fake = await startFakeTelegram(scope);
  const world = await openWorld(scope, "inbound");
  await telegramGroup(world.store, SIZES.people);
  const talks = [new Talk(), new Talk(), new Talk()] as const;
  const contenders: { name: string; bot: Bot; talk: Talk; answers: boolean }[] = [
    { name: "Baraza", talk: talks[0], bot: barazaBot(world, fake.apiRoot, talks[0]), answers: true },
    { name: "bare grammY + insert", talk: talks[1], bot: bareBot(world.database.client, fake.apiRoot, talks[1], "bare", false), answers: false },
    { name: "bare grammY + insert + reply", talk: talks[2], bot: bareBot(world.database.client, fake.apiRoot, talks[2], "bare-reply", true), answers: true },
  ];
  const rates = await interleaved(contenders.length, async (index, people, updates) => {
    const contender = contenders[index];
    if (!contender) throw new Error(`Bench bug: no contender ${index}`);
    return drive(contender.bot, contender.talk, people, updates, contender.name, contender.answers);
  });
  noErrors(world, "inbound (Telegram)");
  if (!talks[0].hasButtons(personId(peopleFor(1, 1, SIZES.people)[0] ?? 0))) throw new Error("inbound (Telegram): Baraza drew no buttons, so no press was a real one");
  const stakeholders = await world.database.client.stakeholder.count();
  const answersGiven = Math.floor(talks[0].sent / 2);
  // Each person's first message is met with the privacy notice, so a person's first answer may add nothing; every other one must.
  if (stakeholders < answersGiven - talks[0].people) throw new Error(`inbound (Telegram): Baraza stored ${stakeholders} stakeholders for ${answersGiven} answers`);
  const bareRows = await world.database.client.processedUpdate.count({ where: { platform: "bare" } });
  if (bareRows !== talks[1].sent) throw new Error(`inbound (Telegram): the bare bot stored ${bareRows} rows for ${talks[1].sent} updates`);
  const [baraza, bare, bareReply] = rates.map(median);
  return { ratio: median(ratios(rates, 0, 1)), ratioReply: median(ratios(rates, 0, 2)), baraza: baraza ?? 0, bare: bare ?? 0, bareReply: bareReply ?? 0 };
}
