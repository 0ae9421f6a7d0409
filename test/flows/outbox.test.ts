/**
 * A job's saved outbox, sent again after the worker that saved it died
 * before marking the job sent: the messages sent are the ones first
 * rendered, in every field a reply can carry, not a new rendering.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { z } from "zod";
import { deliverJobs, outboxSchema } from "../../src/flows/jobs.ts";
import type { Outbound } from "../../src/flows/messages.ts";
import type { Store } from "../../src/flows/ports.ts";
import { openDatabase, type Database } from "../../src/store/database.ts";
import { createStore } from "../../src/store/store.ts";
import { freshSqliteUrl, type FreshUrl } from "../store/databases.ts";
import { digestsDue, sweepDeps } from "../support/sweeps.ts";

const DUE = new Date("2026-11-23T03:00:00Z");
let fresh: FreshUrl;
let database: Database;
let store: Store;
let now: Date;
const clock = { now: () => now };
let logged: { event: string; details: Record<string, unknown> | undefined }[];
const log = { error: (event: string, details?: Record<string, unknown>) => void logged.push({ event, details }) };

beforeEach(async () => {
  fresh = await freshSqliteUrl();
  database = await openDatabase(fresh.url);
  store = createStore(database);
  now = DUE;
  logged = [];
});
afterEach(async () => {
  await database.close();
  await fresh.remove();
});

/** Moves the clock past the lease of a worker that died, so another can claim its jobs. */
function afterTheLeaseLapsed(): void {
  now = new Date(DUE.getTime() + store.jobs.leaseMs + 1);
}

function digestJob() {
  return database.client.scheduledJob.findFirstOrThrow({ where: { kind: "concern-digest" } });
}

/** Bytes that are not text (a PDF's or a PNG's): every value a byte can hold. */
const PDF_BYTES = Uint8Array.from({ length: 256 }, (_, index) => index);

/** Messages using every field an `Outbound` has, as a job could come to send them. */
const EVERY_FIELD: Outbound[] = [
  {
    to: { kind: "person", platform: "test", userId: "501" },
    text: "About your data: …\n\nWhich concern matters most?",
    privacyNotice: true,
    choices: [
      { number: 1, label: "Checkpoint at night" },
      { number: 2, label: "Water point", answer: "+2" },
    ],
    question: "q7f3a9",
  },
  {
    to: { kind: "chat", platform: "test", chatId: "group-a" },
    text: "Your ballot: 2",
    answers: { question: "q7f3a9", inPlace: true },
    visibility: { person: "501" },
  },
  { to: { kind: "chat", platform: "test", chatId: "group-a" }, text: "What should the plan be called?", locale: "my", input: { person: { id: "501", name: "Aung" }, replyTo: "77" } },
  { to: { kind: "chat", platform: "test", chatId: "group-a" }, text: "I have written to you.", links: [{ kind: "open-private", label: "Open the private chat" }] },
  { to: { kind: "person", platform: "test", userId: "501" }, text: "Your invitation code: ABCD234567", links: [{ kind: "add-to-group", code: "ABCD234567", label: "Add to a group" }] },
  {
    to: { kind: "chat", platform: "test", chatId: "group-a" },
    text: "The group's work, 1 file",
    files: [{ name: "brief.pdf", mime: "application/pdf", data: PDF_BYTES }],
    fallback: "# The group's work",
  },
  { to: { kind: "chat", platform: "test", chatId: "group-b" }, text: "", leave: true },
];

it("sends a digest whose worker died after saving it as it was first rendered, not rendered anew", async () => {
  await digestsDue(store, ["a"], DUE);
  const tried: Outbound[] = [];
  const dying = async (message: Outbound) => {
    tried.push(message);
    throw new Error("process killed");
  };
  expect(await deliverJobs(sweepDeps(store, clock, log), dying, "worker-a")).toBe(0);
  expect(tried).toHaveLength(1);
  expect((await digestJob()).status).toBe("claimed");

  // A concern added since would be in a new rendering; the saved digest is sent as it was.
  const job = await digestJob();
  await store.concerns.add({ groupId: job.groupId ?? 0, cycleId: (await store.cycles.current(job.groupId ?? 0)).id, text: "A later concern", authorId: null, at: DUE });
  afterTheLeaseLapsed();
  const sent: Outbound[] = [];
  expect(await deliverJobs(sweepDeps(store, clock, log), async (message) => void sent.push(message), "worker-b")).toBe(1);
  expect(sent).toEqual(tried);
  expect(sent[0]?.text).not.toContain("A later concern");
  expect(await digestJob()).toMatchObject({ status: "sent", outbox: null });
});

it("sends a saved outbox again identical in every field, a file's bytes included", async () => {
  await digestsDue(store, ["a"], DUE);
  // Worker A claims the job, saves its outbox as the sweep does, and dies before sending.
  const [claimed] = await store.jobs.claimDue(now, "worker-a", 10);
  expect(claimed).toBeDefined();
  const id = claimed?.id ?? 0;
  expect(await store.jobs.beginAttempt(id, "worker-a", now)).toBe(true);
  await store.jobs.saveOutboxes(new Map([[id, z.encode(outboxSchema, EVERY_FIELD)]]));

  // Stored as plain JSON: the file's bytes as base64 text.
  const stored = JSON.parse((await digestJob()).outbox ?? "null");
  expect(stored[5].files[0].data).toBe(Buffer.from(PDF_BYTES).toString("base64"));

  afterTheLeaseLapsed();
  const sent: Outbound[] = [];
  expect(await deliverJobs(sweepDeps(store, clock, log), async (message) => void sent.push(message), "worker-b")).toBe(EVERY_FIELD.length);
  expect(sent).toEqual(EVERY_FIELD);
  expect(sent[5]?.files?.[0]?.data).toBeInstanceOf(Uint8Array);
  expect(logged).toEqual([]);
  expect(await digestJob()).toMatchObject({ status: "sent", outbox: null });
});

it("keeps a job whose saved outbox cannot be read, unsent and unchanged, and logs it without its text", async () => {
  await digestsDue(store, ["a"], DUE);
  const [claimed] = await store.jobs.claimDue(now, "worker-a", 10);
  const id = claimed?.id ?? 0;
  await store.jobs.beginAttempt(id, "worker-a", now);
  const broken = [{ to: { kind: "chat", platform: "test", chatId: "group-a" }, text: "Concern of a", files: [{ name: "brief.pdf", mime: "application/pdf", data: "not base64!" }] }];
  await store.jobs.saveOutboxes(new Map([[id, broken]]));

  afterTheLeaseLapsed();
  const sent: Outbound[] = [];
  expect(await deliverJobs(sweepDeps(store, clock, log), async (message) => void sent.push(message), "worker-b")).toBe(0);
  expect(sent).toEqual([]);
  expect(await digestJob()).toMatchObject({ status: "claimed", outbox: JSON.stringify(broken) });
  expect(logged.map((entry) => entry.event)).toEqual(["job-failed"]);
  expect(JSON.stringify(logged)).not.toContain("Concern of a");
});
