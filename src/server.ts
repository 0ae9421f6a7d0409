/**
 * The process's one HTTP server, on PORT: every platform that takes
 * webhooks registers its route here, and `GET /healthz` answers 200 for a
 * load balancer or a container's health check while the process serves.
 * Everything else is 404.
 *
 * A route names its own limits, because only the platform knows them: the
 * largest body it takes (a longer one is refused with 413 before it is
 * read, so nobody can make the server buffer megabytes), and, where the
 * platform proves a call is its own by a header alone, a check of the
 * headers made before the body is read (401). A proof that covers the body
 * (Slack's signature) is checked by the route's `handle`, which then
 * answers 401 itself.
 *
 * Registering a route is one call. Slack (issue 11) takes its Events API
 * and interactivity calls on one path, verifies the `v0` signature over
 * the raw body and the timestamp (refusing one older than five minutes),
 * and answers within Slack's three seconds:
 *
 * @example
 * ```ts
 * const served = http.route({ path: "/slack/events", maxBodyBytes: SLACK_MAX_BODY_BYTES, handle: (request) => slack.receive(request) });
 * // on stop: no new calls on the path, and the calls under way are finished
 * await served.remove();
 * ```
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { describeError } from "./flows/errors.ts";
import type { Logger } from "./flows/ports.ts";

/** The port listened on when a webhook needs the server and PORT is not set. */
export const DEFAULT_PORT = 8080;

/** A POST body as it arrived, unparsed: a signature is computed over these exact bytes. */
export interface RouteRequest {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What a route answers; no body unless given. */
export interface RouteAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** One platform's webhook: POST requests to `path`. */
export interface Route {
  /** The path served, matched exactly (a query string is ignored), such as `/telegram`. */
  path: string;
  /** The largest body read, in bytes; a longer one is answered 413 and the rest of it is never read. */
  maxBodyBytes: number;
  /** Checked before the body is read; false answers 401. Absent: every request is read and handed over. */
  admit?(headers: IncomingHttpHeaders): boolean;
  /** Handles a request within the limits; the answer is sent once it resolves, a failure is answered 500 (and logged, without the body). */
  handle(request: RouteRequest): Promise<RouteAnswer>;
}

/** A route being served. */
export interface ServedRoute {
  /** Stops serving the route (new calls on its path are answered 404) and resolves once the calls under way are answered. */
  remove(): Promise<void>;
}

export interface HttpServer {
  /** The port listened on (useful when 0 was asked for). */
  readonly port: number;
  /** Serves `route` from now on; a path already served is a mistake in the wiring and throws. */
  route(route: Route): ServedRoute;
  /** Stops listening, and resolves once every request under way has been answered. */
  close(): Promise<void>;
}

export interface HttpServerOptions {
  port: number;
  /** The address to listen on; every interface unless given (tests keep to loopback). */
  host?: string;
  log: Logger;
}

/** Starts listening; rejects (EADDRINUSE, EACCES) when the port cannot be had. */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const routes = new Map<string, { route: Route; underWay: Set<Promise<void>> }>();
  const server = createServer((request, response) => {
    void answer(request, response).catch((error: unknown) => {
      options.log.error("http-request-failed", { path: pathOf(request), ...describeError(error) });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = pathOf(request);
    if (request.method === "GET" && path === "/healthz") {
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    const served = routes.get(path);
    if (!served || request.method !== "POST") return refuse(response, 404);
    const work = serve(served.route, request, response);
    served.underWay.add(work);
    try {
      await work;
    } finally {
      served.underWay.delete(work);
    }
  }

  async function serve(route: Route, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (route.admit && !route.admit(request.headers)) return refuse(response, 401);
    const body = await readBody(request, route.maxBodyBytes);
    if (body.kind === "too-large") return refuse(response, 413);
    const answered = await route.handle({ headers: request.headers, body: body.data });
    response.writeHead(answered.status, answered.headers).end(answered.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port, ...(options.host ? { host: options.host } : {}) }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address !== null ? address.port : options.port,
    route(route) {
      if (routes.has(route.path)) throw new Error(`The HTTP path ${route.path} is served already`);
      const served = { route, underWay: new Set<Promise<void>>() };
      routes.set(route.path, served);
      return {
        async remove() {
          if (routes.get(route.path) === served) routes.delete(route.path);
          await Promise.allSettled([...served.underWay]);
        },
      };
    },
    close: () => closeServer(server),
  };
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? "/", "http://localhost").pathname;
}

/**
 * Answers a refused request and closes its connection, so that whatever is
 * left of its body is never read (Node reads it to reuse a kept-alive one).
 */
function refuse(response: ServerResponse, status: number): void {
  response.writeHead(status, { connection: "close" }).end();
}

type Body = { kind: "read"; data: Buffer } | { kind: "too-large" };

/**
 * The request's body, unless it is announced (Content-Length) or turns out
 * (chunked) to be longer than `limit`: then reading stops at once.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Body> {
  if (Number(request.headers["content-length"] ?? 0) > limit) return Promise.resolve({ kind: "too-large" });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const take = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      request.off("data", take);
      request.pause();
      resolve({ kind: "too-large" });
    };
    request.on("data", take);
    request.once("end", () => resolve({ kind: "read", data: Buffer.concat(chunks, size) }));
    request.once("error", reject);
    // After `end` or a refusal this changes nothing; before, the caller hung up mid-body.
    request.once("close", () => reject(new Error("the connection closed before the whole body arrived")));
  });
}

/** Stops accepting connections, closes the idle kept-alive ones, and waits for those answering. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
