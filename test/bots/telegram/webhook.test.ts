import { request as httpRequest } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, serveWebhook } from "../../../src/bots/telegram/webhook.ts";
import type { Stoppable } from "../../../src/bots/telegram/polling.ts";
import { startHttpServer, type HttpServer } from "../../../src/server.ts";
import { message } from "./fake-bot-api.ts";
import { AMINA, GROUP_CHAT, startTelegramTest, type TelegramTest } from "./setup.ts";

const SECRET = "a-long-secret-token_42";
const URL_PATH = "https://baraza.example.org/telegram";

let t: TelegramTest;
let server: HttpServer;
let webhook: Stoppable;
beforeEach(async () => {
  t = await startTelegramTest();
  server = await startHttpServer({ port: 0, host: "127.0.0.1", log: { error: (event, details) => t.logged.push({ event, ...details }) } });
  webhook = await serveWebhook({ bot: t.telegram.bot, url: URL_PATH, secret: SECRET, server });
});
afterEach(async () => {
  await webhook.stop();
  await server.close();
  await t.close();
});

function post(headers: Record<string, string>, body: unknown, path = "/telegram") {
  return fetch(`http://127.0.0.1:${server.port}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** An update the bot would answer in the group, padded to `times` the largest body the webhook takes. */
function oversizedUpdate(times = 1): Buffer {
  const body = Buffer.from(JSON.stringify(message(AMINA, GROUP_CHAT, `/help ${"x".repeat(times * MAX_BODY_BYTES)}`)));
  expect(body.length).toBeGreaterThan(MAX_BODY_BYTES);
  return body;
}

/**
 * Posts `body` with node:http, so that a test controls what is announced and
 * when bytes are written. With `declare`, a Content-Length is sent and only
 * the first `first` bytes follow, so a server that waits for the rest never
 * answers; without it, the body is chunked and written in pieces while the
 * server has not answered. Resolves with the answer's status and how many
 * bytes had been written when it came; fails if none comes within 5 seconds.
 */
function postRaw(body: Buffer, options: { declare?: number; first?: number }): Promise<{ status: number; written: number }> {
  const piece = 16 * 1024;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET };
    if (options.declare !== undefined) headers["content-length"] = options.declare;
    const request = httpRequest({ host: "127.0.0.1", port: server.port, path: "/telegram", method: "POST", headers });
    let written = 0;
    let answered = false;
    const patience = setTimeout(() => {
      request.destroy();
      reject(new Error(`no answer within 5 s, after ${written} bytes`));
    }, 5000);
    request.on("response", (response) => {
      answered = true;
      clearTimeout(patience);
      response.resume();
      resolve({ status: response.statusCode ?? 0, written });
      response.on("end", () => request.destroy());
    });
    // Once answered, the server may close the connection under the rest of the upload; that is its right.
    request.on("error", (error) => {
      clearTimeout(patience);
      if (!answered) reject(error);
    });
    const write = (end: number) => {
      request.write(body.subarray(written, end));
      written = end;
    };
    write(Math.min(options.first ?? piece, body.length));
    if (options.declare !== undefined) return;
    const timer = setInterval(() => {
      if (answered || request.destroyed) clearInterval(timer);
      else if (written < body.length) write(Math.min(written + piece, body.length));
      else {
        clearInterval(timer);
        request.end();
      }
    }, 5);
  });
}

describe("Telegram webhook", () => {
  it("tells Telegram its URL and secret token at start", () => {
    const [registered] = t.api.calls.filter((c) => c.method === "setWebhook");
    expect(registered?.payload).toMatchObject({ url: URL_PATH, secret_token: SECRET });
  });

  it("handles an update sent with the right secret token, answering once it is handled", async () => {
    const response = await post({ "x-telegram-bot-api-secret-token": SECRET }, message(AMINA, GROUP_CHAT, "/help"));
    expect(response.status).toBe(200);
    expect(t.api.textsTo(GROUP_CHAT)[0]).toContain("/step — where the group is");
  });

  it("refuses an update with a wrong secret token, whether as long as the right one or not", async () => {
    const sameLength = SECRET.replace(/.$/, "X");
    for (const guessed of ["guessed", sameLength, `${SECRET}-and-more`, SECRET.slice(0, -1), SECRET.toUpperCase()]) {
      const response = await post({ "x-telegram-bot-api-secret-token": guessed }, message(AMINA, GROUP_CHAT, "/help"));
      expect(response.status, guessed).toBe(401);
    }
    expect(t.api.textsTo(GROUP_CHAT)).toEqual([]);
  });

  it("refuses a body announced as too large with 413 at once, without waiting for it", async () => {
    const body = oversizedUpdate();
    const answer = await postRaw(body, { declare: body.length, first: 1024 });
    expect(answer.status).toBe(413);
    expect(answer.written).toBe(1024);
    expect(t.api.textsTo(GROUP_CHAT)).toEqual([]);
  });

  it("stops reading a chunked body with 413 as soon as it grows too large", async () => {
    const body = oversizedUpdate(4);
    const answer = await postRaw(body, {});
    expect(answer.status).toBe(413);
    expect(answer.written).toBeLessThan(body.length);
    expect(t.api.textsTo(GROUP_CHAT)).toEqual([]);
  });

  it("takes a chunked body within the limit", async () => {
    const answer = await postRaw(Buffer.from(JSON.stringify(message(AMINA, GROUP_CHAT, "/help"))), { first: 10 });
    expect(answer.status).toBe(200);
    expect(t.api.textsTo(GROUP_CHAT)[0]).toContain("/step — where the group is");
  });

  it("answers 400 to a body that is not JSON, and handles nothing", async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/telegram`, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: '{"update_id": 1, "message": ' });
    expect(response.status).toBe(400);
    expect(t.api.textsTo(GROUP_CHAT)).toEqual([]);
  });

  it("answers 400 to JSON that is not an update", async () => {
    for (const body of ["[1, 2]", "null", '"text"', '{"message": {}}']) {
      const response = await fetch(`http://127.0.0.1:${server.port}/telegram`, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body });
      expect(response.status, body).toBe(400);
    }
    expect(t.api.calls.filter((c) => c.method !== "setWebhook")).toEqual([]);
  });

  it("refuses an update with no secret token", async () => {
    const response = await post({}, message(AMINA, GROUP_CHAT, "/help"));
    expect(response.status).toBe(401);
    expect(t.api.textsTo(GROUP_CHAT)).toEqual([]);
  });

  it("answers /healthz", async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(response.status).toBe(200);
  });

  it("knows no other method on its path", async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/telegram`, { headers: { "x-telegram-bot-api-secret-token": SECRET } });
    expect(response.status).toBe(404);
  });

  it("stops taking updates once stopped, while the server goes on", async () => {
    await webhook.stop();
    const response = await post({ "x-telegram-bot-api-secret-token": SECRET }, message(AMINA, GROUP_CHAT, "/help"));
    expect(response.status).toBe(404);
    expect(t.api.textsTo(GROUP_CHAT)).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
  });

  it("knows no other path", async () => {
    const response = await post({ "x-telegram-bot-api-secret-token": SECRET }, message(AMINA, GROUP_CHAT, "/help"), "/elsewhere");
    expect(response.status).toBe(404);
  });
});
