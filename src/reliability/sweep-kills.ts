/**
 * kill -9 during sweeps: many digests fall due at once; the sweeping process
 * is killed at random moments and started again once the dead one's lease
 * has lapsed (its clock, from the environment, set past it). Every digest
 * must reach its chat: a chat never sent one lost a reminder. A digest sent
 * twice is allowed only in the documented at-least-once window: the process
 * died after the platform accepted the message and before its job was marked
 * sent. Any other second copy is a double.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CLAIM_LEASE_MS } from "../store/repositories/jobs.ts";
import { createStore } from "../store/store.ts";
import { Child, script } from "./children.ts";
import { openFor, tempFolder } from "./databases.ts";
import { digestsDue } from "./digests.ts";
import { killUntilDone, type KillReport } from "./kill-loop.ts";
import type { Part } from "./part.ts";
import { loggedEvents } from "./process-deps.ts";

const DUE = new Date("2026-11-23T03:00:00Z");
/** How long each send takes, in real time: a call to Telegram on a good day. */
const SEND_MS = 3;

/** A line the sweeping processes wrote: a message accepted, or a job marked sent. */
type Line = { by: number } & ({ sent: string } | { marked: number });

export interface SweepKills extends KillReport {
  digests: number;
  /** Second copies sent in the documented window. */
  doubledInWindow: number;
  /** Any other second copy. */
  doubled: number;
  unsentJobs: number;
}

export async function killDuringSweeps(part: Part): Promise<SweepKills> {
  const url = await part.freshUrl("kill-sweeps");
  const setup = await openFor(part.scope, url);
  const chats = Array.from({ length: part.settings.digests }, (_, index) => String(-1_000_000 - index));
  await digestsDue(createStore(setup), chats, DUE);
  await setup.close();
  const out = join(await tempFolder(part.scope, "kill-sweeps"), "sent.jsonl");
  const children: Child[] = [];

  const runs = await killUntilDone(part, part.settings.kills, {
    msPerUnit: part.provider === "sqlite" ? 15 : 25,
    left: () => chats.length - new Set(records(out).flatMap((record) => ("sent" in record ? [record.sent] : []))).size,
    done: (child) => records(out).filter((record) => record.by === child.pid && "sent" in record).length,
    start(run) {
      // Each start comes once every claim of the runs before has lapsed, as a restart after the lease would.
      const now = new Date(DUE.getTime() + run * (CLAIM_LEASE_MS + 60_000));
      const child = new Child(part.scope, script("./sweep-process.ts"), { DATABASE_URL: url, NOW: now.toISOString(), OUT: out, SEND_MS: String(SEND_MS) });
      children.push(child);
      return child;
    },
  });

  const check = await openFor(part.scope, url);
  const jobs = await check.client.scheduledJob.findMany({ where: { kind: "concern-digest" }, select: { id: true, status: true, groupId: true } });
  const groups = await check.client.group.findMany({ select: { id: true, chatId: true } });
  await check.close();
  const chatOfJob = new Map(jobs.map((job) => [job.id, groups.find((group) => group.id === job.groupId)?.chatId ?? ""]));
  const killed = new Set(runs.filter((run) => run.killed).map((run) => run.pid));

  // For each chat, in order: who sent it, and whether that process went on to mark its job sent.
  const all = records(out);
  const sends = new Map<string, { by: number; marked: boolean }[]>();
  for (const [index, record] of all.entries()) {
    if (!("sent" in record)) continue;
    const marked = all.slice(index + 1).some((later) => "marked" in later && later.by === record.by && chatOfJob.get(later.marked) === record.sent);
    sends.set(record.sent, [...(sends.get(record.sent) ?? []), { by: record.by, marked }]);
  }
  let doubledInWindow = 0;
  let doubled = 0;
  for (const copies of sends.values()) {
    // Every copy but the last was followed by another: allowed only if its process died before marking the job sent.
    for (const copy of copies.slice(0, -1)) {
      if (!copy.marked && killed.has(copy.by)) doubledInWindow += 1;
      else doubled += 1;
    }
  }
  return {
    url,
    digests: chats.length,
    killedAfter: runs.filter((run) => run.killed).map((run) => run.units),
    runs: runs.length,
    lost: chats.filter((chat) => !sends.has(chat)).length,
    doubledInWindow,
    doubled,
    unsentJobs: jobs.filter((job) => job.status !== "sent").length,
    errors: children.flatMap((child) => loggedEvents(child.stderr)),
  };
}

/** What the processes wrote to `out`; a line cut short by a kill is left out. */
function records(out: string): Line[] {
  if (!existsSync(out)) return [];
  const found: Line[] = [];
  for (const line of readFileSync(out, "utf8").split("\n")) {
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== "object" || parsed === null || !("by" in parsed) || typeof parsed.by !== "number") continue;
      if ("sent" in parsed && typeof parsed.sent === "string") found.push({ by: parsed.by, sent: parsed.sent });
      else if ("marked" in parsed && typeof parsed.marked === "number") found.push({ by: parsed.by, marked: parsed.marked });
    } catch {
      // Empty, or cut short.
    }
  }
  return found;
}
