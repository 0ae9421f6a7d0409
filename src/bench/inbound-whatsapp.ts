/**
 * Inbound messages per second through the real WhatsApp adapter
 * (createWhatsAppApp listening to a client), against a bare listener doing
 * one insert per message, both on the WhatsApp adapter tests' fake client:
 * an in-process stand-in for whatsapp-web.js's Client (WhatsApp Web runs in
 * a browser that cannot reach WhatsApp from here, so there is no process
 * to put it in; the fake only records what it is sent). WhatsApp has no
 * buttons: each person adds a stakeholder with the command and types the
 * answer. Sending is unpaced on both sides (the adapter's pace would
 * measure the wait). Interleaved rounds, median ratio, as for Telegram.
 */
import { performance } from "node:perf_hooks";
import { createWhatsAppApp } from "../bots/whatsapp/app.ts";
import { PLATFORM } from "../bots/whatsapp/client.ts";
import type { Scope } from "../reliability/scope.ts";
import { FakeWhatsAppClient, GROUP, type FakePerson } from "../../test/bots/whatsapp/fake-client.ts";
import { benchGroup } from "./group.ts";
import { interleaved, ratios } from "./rounds.ts";
import { SIZES } from "./sizes.ts";
import { median } from "./stats.ts";
import { noErrors, openWorld } from "./world.ts";

interface Side {
  client: FakeWhatsAppClient;
  people: FakePerson[];
  steps: Map<number, number>;
  /** Resolves once every message written so far was handled. */
  idle(): Promise<void>;
  answers: boolean;
  written: number;
}

function peopleOn(client: FakeWhatsAppClient): FakePerson[] {
  return Array.from({ length: SIZES.people }, (_, index) => client.person(`p${index}`, `Person ${index + 1}`));
}

/** Every active person writes their next message, and all are handled, `each` times over; returns the milliseconds it took. */
async function drive(side: Side, people: readonly number[], count: number): Promise<number> {
  const each = Math.ceil(count / people.length);
  const started = performance.now();
  for (let i = 0; i < each; i++) {
    const before = people.map((index) => sentTo(side, index));
    for (const index of people) {
      const person = side.people[index];
      if (!person) continue;
      const step = side.steps.get(index) ?? 0;
      side.steps.set(index, step + 1);
      side.written += 1;
      side.client.write(person, step % 2 === 0 ? `/stakeholders add Office ${step / 2 + 1} of ${person.pushname}` : "1");
    }
    await side.idle();
    if (side.answers && people.some((index, at) => sentTo(side, index) === before[at])) throw new Error("inbound (WhatsApp): a message was not answered");
  }
  return performance.now() - started;
}

function sentTo(side: Side, index: number): number {
  const person = side.people[index];
  return person ? side.client.sentTo(person.phoneId, person.lid).length : 0;
}

export async function inboundWhatsApp(scope: Scope): Promise<{ ratio: number; baraza: number; bare: number }> {
  const world = await openWorld(scope, "whatsapp");
  const barazaClient = new FakeWhatsAppClient();
  barazaClient.inGroup(GROUP);
  const barazaPeople = peopleOn(barazaClient);
  await benchGroup(world.store, PLATFORM, GROUP, barazaPeople.map((person) => ({ id: person.phoneId, name: person.pushname })));
  const app = createWhatsAppApp({ client: barazaClient, baraza: world.baraza, texts: world.texts, defaultLocale: "en", log: { error: (event) => void world.errors.push(event) }, pace: { minGapMs: 0, maxPerMinute: Number.POSITIVE_INFINITY } });
  app.listen();
  scope.defer("WhatsApp listeners", () => app.unlisten());

  const bareClient = new FakeWhatsAppClient();
  let row = 0;
  const handling = new Set<Promise<unknown>>();
  bareClient.on("message", () => {
    const insert = world.database.client.processedUpdate.create({ data: { platform: "bare-whatsapp", updateId: String(++row) } });
    handling.add(insert);
    void insert.finally(() => handling.delete(insert));
  });
  const sides: Side[] = [
    { client: barazaClient, people: barazaPeople, steps: new Map(), idle: () => app.idle(), answers: true, written: 0 },
    { client: bareClient, people: peopleOn(bareClient), steps: new Map(), idle: async () => void (await Promise.all(handling)), answers: false, written: 0 },
  ];
  const rates = await interleaved(sides.length, async (index, people, updates) => {
    const side = sides[index];
    if (!side) throw new Error(`Bench bug: no side ${index}`);
    return drive(side, people, updates);
  });
  noErrors(world, "inbound (WhatsApp)");
  const [baraza, bare] = sides;
  if (!baraza || !bare) throw new Error("Bench bug: no sides");
  const stakeholders = await world.database.client.stakeholder.count();
  if (stakeholders < Math.floor(baraza.written / 2) - baraza.steps.size) throw new Error(`inbound (WhatsApp): Baraza stored ${stakeholders} stakeholders for ${Math.floor(baraza.written / 2)} answers`);
  const bareRows = await world.database.client.processedUpdate.count({ where: { platform: "bare-whatsapp" } });
  if (bareRows !== bare.written) throw new Error(`inbound (WhatsApp): the bare listener stored ${bareRows} rows for ${bare.written} messages`);
  return { ratio: median(ratios(rates, 0, 1)), baraza: median(rates[0] ?? []), bare: median(rates[1] ?? []) };
}
