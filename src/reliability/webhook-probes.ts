/**
 * Forged and oversized requests to the real webhook server (on loopback,
 * with its bot and secret): no secret, wrong secrets of the same and other
 * lengths, the right secret on the wrong path or with the wrong method,
 * bodies over the cap (announced, and chunked), bodies that are not updates.
 * Each must be refused: any answered 2xx, or handed to the bot, counts as
 * accepted. A request that gets no answer at all (a server waiting on a body
 * it should have refused) is counted too. Then one correct request must be
 * accepted, or the server refuses everything and proves nothing.
 */
import { randomBytes } from "node:crypto";
import { MAX_BODY_BYTES } from "../bots/telegram/webhook.ts";
import { openFor } from "./databases.ts";
import { probe, type Probe } from "./http-probe.ts";
import type { Section } from "./part.ts";
import { stranger } from "./scenario.ts";
import { telegramUpdate } from "./telegram-updates.ts";
import { startWebhookFront, WEBHOOK_PATH } from "./webhook-front.ts";
import { inGroup, World } from "./world.ts";

const SECRET_HEADER = "x-telegram-bot-api-secret-token";
const JSON_TYPE: [string, string] = ["content-type", "application/json"];

/**
 * Every forged or oversized request tried, named for the report. `fresh`
 * gives a new update each time, so that two forgeries accepted are not
 * hidden by de-duplication.
 */
function forgeries(secret: string, fresh: () => Buffer): [string, Probe][] {
  const right: [string, string] = [SECRET_HEADER, secret];
  const post = (headers: [string, string][], body = fresh(), path = WEBHOOK_PATH): Probe => ({ path, headers: [JSON_TYPE, ...headers], body });
  const flipped = secret.slice(0, -1) + (secret.endsWith("0") ? "1" : "0");
  const wrongSecrets: [string, string][] = [
    ["the same length, last character changed", flipped],
    ["the same length, first character changed", (secret.startsWith("0") ? "1" : "0") + secret.slice(1)],
    ["the same length, random", randomBytes(secret.length / 2).toString("hex")],
    ["one character short", secret.slice(0, -1)],
    ["one character more", `${secret}0`],
    ["the secret twice over", secret + secret],
    ["upper case", secret.toUpperCase()],
    ["empty", ""],
    ["one character", "a"],
    ["256 characters", "a".repeat(256)],
    ["4096 characters", "b".repeat(4096)],
  ];
  const notUpdates = ["", "{", '{"update_id": 1, "message": ', "null", "[1, 2]", '"text"', "{}", '{"message": {}}', '{"update_id": "1"}', '{"update_id": 1.5}', '{"update_id": 1e400}'];
  return [
    ["no secret", post([])],
    ...wrongSecrets.map(([name, value]): [string, Probe] => [`a wrong secret: ${name}`, post([[SECRET_HEADER, value]])]),
    ["the secret under another header's name", post([["x-telegram-bot-api-secret", secret]])],
    ["the right secret and a wrong one, both sent", post([right, [SECRET_HEADER, flipped]])],
    ...["/", "/telegram/", "/Telegram", "/telegram/x", "/healthz", "/telegram.json", "/x/telegram"].map((path): [string, Probe] => [`the right secret on the path ${path}`, post([right], fresh(), path)]),
    ...["GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"].map((method): [string, Probe] => [`the right secret with ${method}`, { ...post([right]), method }]),
    ["a body announced over the cap", { ...post([right], Buffer.alloc(MAX_BODY_BYTES + 1, 32)), declare: MAX_BODY_BYTES + 1 }],
    ["a body announced as 10 GB", { ...post([right]), declare: 10 * 1024 ** 3 }],
    ["a chunked body over the cap", { ...post([right], oversized(fresh())), chunked: true }],
    ["a chunked body over the cap, with no secret", { ...post([], oversized(fresh())), chunked: true }],
    ...notUpdates.map((text): [string, Probe] => [`a body that is no update: ${JSON.stringify(text)}`, post([right], Buffer.from(text))]),
    ["a body that is not UTF-8", post([right], Buffer.from([0xff, 0xfe, 0x7b, 0x00]))],
  ];
}

/** The update, padded inside its text to four times the cap: valid JSON that would be handled if it were read whole. */
function oversized(update: Buffer): Buffer {
  const parsed: unknown = JSON.parse(update.toString("utf8"));
  const padded = JSON.stringify(parsed).replace('"/help', `"/help ${"x".repeat(4 * MAX_BODY_BYTES)}`);
  return Buffer.from(padded);
}

export const webhookProbes: Section = {
  name: "webhook",
  async run(part) {
    const world = new World(await openFor(part.scope, await part.freshUrl("webhook")));
    const front = await startWebhookFront(part.scope, world);
    let updateId = 900_000;
    const help = () => Buffer.from(JSON.stringify(telegramUpdate(inGroup(stranger(0), "/help"), ++updateId)));

    let accepted = 0;
    let unanswered = 0;
    const answers = new Map<string, number>();
    const acceptedNames: string[] = [];
    const tried = forgeries(front.secret, help);
    for (const [name, request] of tried) {
      const before = { reached: front.reached(), sent: front.api.messages() };
      const answer = await probe(front.port, request);
      const reached = front.reached() > before.reached || front.api.messages() > before.sent;
      if ((typeof answer === "number" && answer >= 200 && answer < 300) || reached) {
        accepted += 1;
        acceptedNames.push(`${name} (${answer}${reached ? ", reached the bot" : ""})`);
      }
      if (answer === "no answer") unanswered += 1;
      answers.set(String(answer), (answers.get(String(answer)) ?? 0) + 1);
    }

    const before = { reached: front.reached(), sent: front.api.messages() };
    const correct = await probe(front.port, { path: WEBHOOK_PATH, headers: [JSON_TYPE, [SECRET_HEADER, front.secret]], body: help() });
    const correctAccepted = correct === 200 && front.reached() === before.reached + 1 && front.api.messages() > before.sent;

    part.tried(`${tried.length} forged or oversized requests to the real webhook server (no secret, ${tried.filter(([n]) => n.startsWith("a wrong secret")).length} wrong secrets, wrong paths and methods, bodies over the ${MAX_BODY_BYTES / 1024} KiB cap, bodies that are no update), answered ${[...answers].map(([answer, n]) => `${answer} ×${n}`).join(", ")}; one correct request: ${correct}${correctAccepted ? ", handled and answered" : ", NOT handled"}`);
    if (acceptedNames.length > 0) part.tried(`accepted: ${acceptedNames.join("; ")}`);
    part.figure("forgedAccepted", accepted);
    part.figure("unanswered", unanswered);
    part.figure("correctRefused", correctAccepted ? 0 : 1);
  },
};
