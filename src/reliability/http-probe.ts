/**
 * One raw HTTP request to a loopback port, built by hand so that a probe
 * controls everything a forger could: the method, the path as sent, each
 * header (even twice), a Content-Length that lies, a chunked body written
 * piece by piece while the server has not answered.
 */
import { request } from "node:http";

export interface Probe {
  method?: string;
  path: string;
  /** Header lines, in order; a name may come twice. */
  headers: [string, string][];
  /** The body, sent whole with its true length, unless `declare` or `chunked` say otherwise. */
  body?: Buffer;
  /** A Content-Length to announce, after which only the first KiB of the body is sent. */
  declare?: number;
  /** Sent chunked, 16 KiB at a time, until the server answers or the body ends. */
  chunked?: boolean;
}

/** The answer's status, "closed" if the connection ended without one, "no answer" if none came within `ms`. */
export type ProbeAnswer = number | "closed" | "no answer";

const PIECE = 16 * 1024;

export function probe(port: number, what: Probe, ms = 5000): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    const body = what.body ?? Buffer.alloc(0);
    // Given as raw lines, headers get no Host from Node, and a server refuses HTTP/1.1 without one.
    const headers: string[] = ["host", `127.0.0.1:${port}`];
    for (const [name, value] of what.headers) headers.push(name, value);
    if (what.declare !== undefined) headers.push("content-length", String(what.declare));
    else if (!what.chunked) headers.push("content-length", String(body.length));
    const req = request({ host: "127.0.0.1", port, method: what.method ?? "POST", path: what.path, headers });
    let settled = false;
    const settle = (answer: ProbeAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(writer);
      req.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => settle("no answer"), ms);
    let writer: NodeJS.Timeout | undefined;
    req.on("response", (response) => {
      response.resume();
      settle(response.statusCode ?? 0);
    });
    // A server may close the connection under a body it refused; what it answered, if anything, came first.
    req.on("error", () => settle("closed"));
    req.on("close", () => settle("closed"));
    if (what.declare !== undefined) {
      req.write(body.subarray(0, 1024));
    } else if (what.chunked) {
      let written = 0;
      writer = setInterval(() => {
        if (settled || req.destroyed) return clearInterval(writer);
        if (written >= body.length) {
          clearInterval(writer);
          req.end();
          return;
        }
        req.write(body.subarray(written, written + PIECE));
        written += PIECE;
      }, 2);
    } else {
      req.end(body);
    }
  });
}
