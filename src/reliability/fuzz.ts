/**
 * Fuzz: N hostile inputs (see fuzz-inputs.ts) from a seeded generator, sent
 * to a group at step 2 while a vote is open, with time passing now and then
 * so digests and vote deadlines go out too. Counted: unhandled errors
 * (`handle` throwing, or anything logged as an error), group messages whose
 * frame someone could forge or hide things in (see group-texts.ts), and
 * messages to anyone that carry a control character to the platform.
 */
import type { Capabilities } from "../flows/channel.ts";
import type { Outbound } from "../flows/messages.ts";
import { present } from "../flows/present.ts";
import { openFor } from "./databases.ts";
import { hostileInbound, TRACER } from "./fuzz-inputs.ts";
import { GroupTextCheck, hasControl } from "./group-texts.ts";
import type { Section } from "./part.ts";
import { FACILITATOR, groupAtStep2, openVote, stranger } from "./scenario.ts";
import { World, type Speaker } from "./world.ts";

/** How the checked messages are shown: as on Telegram, with buttons and `/` commands. */
const SHOWN_AS: Pick<Capabilities, "buttons" | "commandPrefix"> = { buttons: "inline", commandPrefix: "/" };
/** How many inputs pass between two moves of the clock (an hour each). */
const INPUTS_PER_HOUR = 100;
/** How many hours a vote stays open before the facilitator closes it and opens another. */
const HOURS_PER_VOTE = 5;
/** How many examples of each failure are printed. */
const EXAMPLES = 3;

export const fuzz: Section = {
  name: "fuzz",
  async run(part) {
    const world = new World(await openFor(part.scope, await part.freshUrl("fuzz")));
    const members = await groupAtStep2(world, 6);
    await openVote(world, members, ["Dark road to the market", "Fights at the crossroads", "Fees at the checkpoint"]);
    const speakers: Speaker[] = [FACILITATOR, ...members, stranger(0), stranger(1), stranger(2)];
    const random = part.random.fork("fuzz");
    const check = new GroupTextCheck(world.deps.texts, TRACER);
    const asked = new Map<string, string[]>();

    let unhandled = 0;
    let forged = 0;
    let controls = 0;
    let groupMessages = 0;
    /** Concern labels seen in group messages, and those whose words imitate the bot's frame. */
    let concernLabels = 0;
    let imitations = 0;
    let votesReopened = 0;
    const examples: string[] = [];
    const example = (what: string, detail: unknown) => {
      if (examples.filter((line) => line.startsWith(what)).length < EXAMPLES) examples.push(`${what}: ${JSON.stringify(detail).slice(0, 400)}`);
    };
    const inspect = (messages: readonly Outbound[], asker: string | null) => {
      // Checked as people read them: presented as a channel with buttons shows them (commands written out), not with the core's markers.
      for (const message of messages.map((sent) => present(SHOWN_AS, sent, world.deps.texts))) {
        if (message.question && asker) asked.set(asker, [message.question, ...(asked.get(asker) ?? [])].slice(0, 5));
        if (hasControl(message.text)) {
          controls += 1;
          example("control character sent", message.text);
        }
        if (message.to.kind !== "chat") continue;
        groupMessages += 1;
        for (const line of message.text.split("\n")) {
          if (!/#\d+ “\u2068/.test(line)) continue;
          concernLabels += 1;
          if (/\u2068[^\u2069]*(#\d|\(raised by|\(anonymous|တင်ပြထားသည်)/u.test(line)) imitations += 1;
        }
        for (const { problem, line } of check.problems(message.text)) {
          forged += 1;
          example(problem, { line, message: message.text });
        }
      }
    };

    for (let input = 0; input < part.settings.fuzz && !part.scope.stopped; input += 1) {
      const inbound = hostileInbound(random, speakers, (speaker) => asked.get(speaker.id) ?? []);
      const logged = world.logged.length;
      try {
        inspect(await world.baraza.handle(inbound), inbound.sender.id);
      } catch (error) {
        unhandled += 1;
        example("handle threw", { error: error instanceof Error ? error.message : String(error), inbound });
      }
      for (const entry of world.logged.slice(logged)) {
        unhandled += 1;
        example(`logged ${entry.event}`, { entry, inbound });
      }
      if (input % INPUTS_PER_HOUR === INPUTS_PER_HOUR - 1) {
        const loggedBefore = world.logged.length;
        inspect(await world.wait("PT1H"), null);
        for (const entry of world.logged.slice(loggedBefore)) {
          unhandled += 1;
          example(`logged ${entry.event} while sweeping`, entry);
        }
        // Every few hours the facilitator closes the vote (its result names the concerns) and opens another (its ballot lists them).
        if (input % (INPUTS_PER_HOUR * HOURS_PER_VOTE) === INPUTS_PER_HOUR * HOURS_PER_VOTE - 1) {
          inspect(await world.group(FACILITATOR, "/closevote"), FACILITATOR.id);
          inspect(await world.group(FACILITATOR, "1"), FACILITATOR.id);
        }
        if ((await world.database.client.vote.count({ where: { closedAt: null } })) === 0) {
          votesReopened += 1;
          inspect(await world.group(FACILITATOR, "/vote"), FACILITATOR.id);
        }
      }
    }

    part.tried(`${part.settings.fuzz} fuzzed inputs (seed ${part.settings.seed}, RELIABILITY_SEED) from the facilitator, ${members.length} members and 3 strangers, in the group and in private, ${part.settings.fuzz / INPUTS_PER_HOUR} hours passing; ${groupMessages} group messages checked, with ${concernLabels} concern labels, ${imitations} of them people's words imitating the frame; the facilitator reopened a vote ${votesReopened} times`);
    for (const line of examples) part.tried(line);
    part.figure("unhandledErrors", unhandled);
    part.figure("forgedAttributions", forged);
    part.figure("controlCharactersSent", controls);
  },
};
