import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHttpServer, type HttpServer, type Route } from "../src/server.ts";

let server: HttpServer;
let logged: Record<string, unknown>[];
beforeEach(async () => {
  logged = [];
  server = await startHttpServer({ port: 0, host: "127.0.0.1", log: { error: (event, details) => logged.push({ event, ...details }) } });
});
afterEach(() => server.close());

const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
const post = (path: string, body: string, headers: Record<string, string> = {}) => fetch(url(path), { method: "POST", headers, body });

/** A route that answers with what it was sent, and records each body. */
function echo(path: string, received: string[], extra: Partial<Route> = {}): Route {
  return {
    path,
    maxBodyBytes: 1024,
    async handle({ body }) {
      received.push(body.toString("utf8"));
      return { status: 200, headers: { "content-type": "text/plain" }, body: `${path} got ${body.toString("utf8")}` };
    },
    ...extra,
  };
}

describe("the HTTP server", () => {
  it("answers /healthz with 200 before any platform has registered", async () => {
    const response = await fetch(url("/healthz"));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
  });

  it("serves two platforms' routes on one port, each its own calls", async () => {
    const telegram: string[] = [];
    const slack: string[] = [];
    server.route(echo("/telegram", telegram));
    server.route(echo("/slack/events", slack));
    expect(await (await post("/slack/events", "event")).text()).toBe("/slack/events got event");
    expect(await (await post("/telegram?ignored=1", "update")).text()).toBe("/telegram got update");
    expect(telegram).toEqual(["update"]);
    expect(slack).toEqual(["event"]);
  });

  it("answers 404 to any other path, and to any other method on a route's path", async () => {
    const received: string[] = [];
    server.route(echo("/telegram", received));
    expect((await post("/elsewhere", "x")).status).toBe(404);
    expect((await fetch(url("/telegram"))).status).toBe(404);
    expect((await post("/healthz", "x")).status).toBe(404);
    expect(received).toEqual([]);
  });

  it("refuses with 401, unread, a call the route does not admit by its headers", async () => {
    const received: string[] = [];
    server.route(echo("/telegram", received, { admit: (headers) => headers["x-secret"] === "right" }));
    expect((await post("/telegram", "forged", { "x-secret": "wrong" })).status).toBe(401);
    expect((await post("/telegram", "forged")).status).toBe(401);
    expect((await post("/telegram", "real", { "x-secret": "right" })).status).toBe(200);
    expect(received).toEqual(["real"]);
  });

  it("refuses with 413 a body over the route's own limit, and takes one at it", async () => {
    const received: string[] = [];
    server.route(echo("/small", received, { maxBodyBytes: 10 }));
    expect((await post("/small", "x".repeat(11))).status).toBe(413);
    expect((await post("/small", "x".repeat(10))).status).toBe(200);
    expect(received).toEqual(["x".repeat(10)]);
  });

  it("answers 500 when a route fails, and logs which path without the body", async () => {
    server.route({
      path: "/broken",
      maxBodyBytes: 1024,
      handle: () => Promise.reject(new Error("the store is down")),
    });
    expect((await post("/broken", "a private report")).status).toBe(500);
    expect(logged).toEqual([expect.objectContaining({ event: "http-request-failed", path: "/broken", error: "Error" })]);
    expect(JSON.stringify(logged)).not.toContain("a private report");
  });

  it("refuses a second route on a path already served", () => {
    server.route(echo("/telegram", []));
    expect(() => server.route(echo("/telegram", []))).toThrow(/\/telegram/);
  });

  it("stops a removed route's calls only once those under way are answered, and serves the others", async () => {
    let finish: () => void = () => undefined;
    const slow = server.route({
      path: "/slow",
      maxBodyBytes: 1024,
      handle: () => new Promise((resolve) => (finish = () => resolve({ status: 200, body: "done" }))),
    });
    server.route(echo("/other", []));
    const underWay = post("/slow", "x");
    await new Promise((resolve) => setTimeout(resolve, 100));
    let removed = false;
    const removing = slow.remove().then(() => (removed = true));
    expect((await post("/slow", "late")).status).toBe(404);
    expect(removed).toBe(false);
    finish();
    expect(await (await underWay).text()).toBe("done");
    await removing;
    expect((await post("/other", "y")).status).toBe(200);
  });

  it("says why when the port is taken", async () => {
    await expect(startHttpServer({ port: server.port, host: "127.0.0.1", log: { error: () => undefined } })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});
