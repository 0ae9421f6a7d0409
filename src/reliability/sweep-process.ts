/**
 * A sweeping process that is killed at random moments: it delivers what is
 * due in DATABASE_URL by a clock that starts at NOW (and runs on in real
 * time), and appends to OUT one JSON line per message the platform accepted
 * ({"sent": chat}) and one per job marked sent afterwards ({"marked": job
 * id}), so the parent can tell a message sent twice because the process died
 * between the two (the documented at-least-once window) from any other.
 * Each send takes SEND_MS of real time, as a call to Telegram would. It
 * claims a SQLite file first, as `main.ts` does.
 */
import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { deliverJobs, type Send } from "../flows/jobs.ts";
import type { Store } from "../flows/ports.ts";
import { openDatabase, providerOf } from "../store/database.ts";
import { claimSqliteFile } from "../store/one-process.ts";
import { processDeps } from "./process-deps.ts";

const url = process.env["DATABASE_URL"] ?? "";
const out = process.env["OUT"] ?? "";
const sendMs = Number(process.env["SEND_MS"] ?? 0);
const startedAt = Date.now();
const startTime = new Date(process.env["NOW"] ?? "").getTime();
const record = (line: Record<string, unknown>) => appendFileSync(out, `${JSON.stringify({ ...line, by: process.pid })}\n`);

const release = providerOf(url) === "sqlite" ? claimSqliteFile(url) : () => undefined;
const database = await openDatabase(url);
const deps = processDeps(database, { now: () => new Date(startTime + Date.now() - startedAt) });

/** The same store, except that a job marked sent is also written down once that is done. */
function recordingMarks(store: Store): Store {
  const jobs = new Proxy(store.jobs, {
    get: (target, key) =>
      key === "markSent"
        ? async (...args: Parameters<Store["jobs"]["markSent"]>) => {
            await target.markSent(...args);
            for (const id of args[0]) record({ marked: id });
          }
        : Reflect.get(target, key),
  });
  return new Proxy(store, { get: (target, key) => (key === "jobs" ? jobs : Reflect.get(target, key)) });
}

const send: Send = async (message) => {
  if (sendMs > 0) await sleep(sendMs);
  record({ sent: message.to.kind === "chat" ? message.to.chatId : message.to.userId });
};

process.stdout.write("ready\n");
await deliverJobs({ ...deps, store: recordingMarks(deps.store) }, send, `worker-${process.pid}`);
await database.close();
release();
process.stdout.write("done\n");
process.exit(0);
