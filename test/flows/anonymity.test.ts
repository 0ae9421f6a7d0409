/**
 * An anonymous concern, raised through the bot on SQLite and PostgreSQL,
 * cannot be joined back to its author by anything the database keeps: no
 * row written in the transaction that stored it, or in the ones right after
 * it, names them (PostgreSQL's transaction ids), no deleted row version
 * does either (PostgreSQL's dead tuples, read with pageinspect), no page of
 * the SQLite file or its log keeps a conversation of theirs that led to it,
 * and no time stored with it is the message's own.
 */
import { readFileSync, existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { sqlitePath } from "../../src/store/adapters.ts";
import type { Provider } from "../../src/store/database.ts";
import { startHarness, toPerson, type Harness } from "../support/harness.ts";
import { groupAtStep2 } from "../support/scenario.ts";

let h: Harness;
afterEach(() => h.close());

/** The author writes privately, as a platform would deliver it: with an update id, and under a new display name. */
function write(text: string, updateId: string) {
  return h.baraza.handle({ platform: "test", updateId, chat: { id: "dm-aung", kind: "private" }, sender: { id: "aung", name: "Aung Ko" }, text });
}

async function authorId(): Promise<number> {
  return (await h.db.person.findUniqueOrThrow({ where: { platform_platformUserId: { platform: "test", platformUserId: "aung" } } })).id;
}

async function raiseAnonymously(how: "after asking in the group" | "in one go"): Promise<void> {
  if (how === "after asking in the group") {
    await h.baraza.handle({ platform: "test", updateId: "u-1", chat: { id: "group-1", kind: "group" }, sender: { id: "aung", name: "Aung" }, text: "/concern" });
  }
  const saved = await write("/concern Soldiers at the checkpoint take money", "u-4");
  expect(toPerson(saved, "aung").join("\n")).toContain("without your name");
}

describe.each(["sqlite", "postgresql"] as Provider[])("an anonymous concern on %s", (provider) => {
  it.each(["after asking in the group", "in one go"] as const)("raised %s, leaves nothing that points at its author", async (how) => {
    h = await startHarness(provider);
    await groupAtStep2(h);
    const author = await authorId();
    // An assessment half answered: a conversation of the author's, which the concern leaves alone.
    await h.db.cycle.updateMany({ data: { step: 1 } });
    await h.dm("aung", "/assess");
    await h.db.cycle.updateMany({ data: { step: 2 } });
    const before = await h.db.conversation.findMany({ where: { key: { endsWith: `:${author}` } } });
    expect(before).toHaveLength(1);
    await raiseAnonymously(how);

    const concern = await h.db.concern.findFirstOrThrow({ where: { text: "Soldiers at the checkpoint take money" } });
    expect(concern.authorId).toBeNull();
    // Nothing about the author was written with it, nor after it: their conversation and name are as they were...
    expect(await h.db.conversation.findMany({ where: { key: { endsWith: `:${author}` } } })).toEqual(before);
    expect((await h.db.person.findUniqueOrThrow({ where: { id: author } })).displayName).toBe("Aung");
    if (provider === "postgresql") await expectNothingNextInPostgres(concern.id, author);

    // No time kept with it is the message's own: at most the hour (the concern, its audit entry, its update), the day (the group).
    const message = h.clock.now().getTime();
    const times = [
      concern.createdAt,
      ...(await h.db.auditEntry.findMany({ where: { action: "concern.raised" } })).map((entry) => entry.at),
      ...(await h.db.processedUpdate.findMany()).map((update) => update.at),
      (await h.db.group.findFirstOrThrow()).lastActivityAt,
    ];
    for (const time of times) expect(time.getTime() % 3_600_000).toBe(0);
    expect(times.every((time) => time.getTime() !== message)).toBe(true);

    if (provider === "postgresql") await expectNoLinkInPostgres(concern.id, author);
    else expectNoLinkInSqlite(author);
    // ...until their next message of their own, whenever it comes.
    await write("/help", "u-5");
    expect((await h.db.person.findUniqueOrThrow({ where: { id: author } })).displayName).toBe("Aung Ko");
  });
});

/**
 * PostgreSQL numbers transactions in order: a write about the author in the
 * transaction right after the concern's would point at them as surely as
 * one in the same transaction. Read before anything else happens.
 */
async function expectNothingNextInPostgres(concernId: number, author: number): Promise<void> {
  const [{ xmin } = { xmin: "0" }] = await h.db.$queryRawUnsafe<{ xmin: string }[]>(`SELECT xmin::text AS xmin FROM "Concern" WHERE id = $1`, concernId);
  const later = (table: string) => h.db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "${table}" WHERE xmin::text::bigint > $1`, Number(xmin));
  expect(await later("Person")).toEqual([]);
  expect(await later("Conversation")).toEqual([]);
  expect(await later("Membership")).toEqual([]);
  expect(author).toBeGreaterThan(0);
}

/** Tables a concern's own transaction may write, and the columns there that would name a person. */
const ALLOWED = new Map([
  ["Concern", ["authorId"]],
  ["Group", []],
  ["ScheduledJob", ["personId"]],
  ["AuditEntry", ["actorId"]],
  ["ProcessedUpdate", []],
]);

async function expectNoLinkInPostgres(concernId: number, author: number): Promise<void> {
  // The audit's query: a person row written by the same transaction as an anonymous concern.
  const joined = await h.db.$queryRawUnsafe<unknown[]>(`SELECT c.id FROM "Concern" c JOIN "Person" p ON p.xmin = c.xmin WHERE c."authorId" IS NULL`);
  expect(joined).toEqual([]);

  // Every live row written by that transaction: only tables that hold no one, and no one in them.
  const [{ xmin } = { xmin: "" }] = await h.db.$queryRawUnsafe<{ xmin: string }[]>(`SELECT xmin::text AS xmin FROM "Concern" WHERE id = $1`, concernId);
  const tables = await h.db.$queryRawUnsafe<{ name: string }[]>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`);
  expect(tables.length).toBeGreaterThan(20);
  const written: string[] = [];
  for (const { name } of tables) {
    const rows = await h.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}" WHERE xmin::text = $1`, xmin);
    if (rows.length === 0) continue;
    written.push(name);
    expect(ALLOWED.has(name), `${name} was written with the anonymous concern`).toBe(true);
    for (const row of rows) for (const column of ALLOWED.get(name) ?? []) expect(row[column]).toBeNull();
  }
  expect(written).toContain("Concern");

  // Row versions no longer visible: none deleted or replaced by that transaction, and none of the author's written by it.
  await h.db.$executeRawUnsafe("CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public");
  for (const table of ["Conversation", "Person", "Membership"]) {
    const versions = await h.db.$queryRawUnsafe<{ xmin: string; xmax: string }[]>(
      `SELECT t_xmin::text AS xmin, t_xmax::text AS xmax FROM generate_series(0, (pg_relation_size('"${table}"') / current_setting('block_size')::int) - 1) AS page,
       LATERAL public.heap_page_items(public.get_raw_page('"${table}"', page::int)) WHERE t_xmin IS NOT NULL`,
    );
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => v.xmin === xmin || v.xmax === xmin), `${table} touched by the concern's transaction`).toEqual([]);
  }
  expect(author).toBeGreaterThan(0);
}

function expectNoLinkInSqlite(author: number): void {
  const path = sqlitePath(h.url);
  // The log was written back and emptied: no earlier image of a page is left in it.
  expect(existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).length : 0).toBe(0);
  // The words are in the file once, in the concern's row: never beside the author's key, in a live row or a freed one.
  const bytes = readFileSync(path).toString("latin1");
  const words = Buffer.from("Soldiers at the checkpoint take money").toString("latin1");
  expect(bytes.split(words).length - 1).toBe(1);
  const conversations = [...bytes.matchAll(new RegExp(`test:dm:${author}(?![0-9])`, "g"))];
  expect(conversations.every((match) => !bytes.slice(Math.max(0, (match.index ?? 0) - 2000), (match.index ?? 0) + 2000).includes(words))).toBe(true);
}

describe("the record of a handled update", () => {
  it("is kept only as long as platforms redeliver, by the daily retention job", async () => {
    h = await startHarness();
    await h.baraza.handle({ platform: "test", updateId: "u-9", chat: { id: "dm-aung", kind: "private" }, sender: { id: "aung", name: "Aung" }, text: "/help" });
    expect(await h.db.processedUpdate.count()).toBe(1);
    await h.wait("PT23H");
    expect(await h.db.processedUpdate.count()).toBe(1);
    await h.wait("P1DT1H");
    expect(await h.db.processedUpdate.count()).toBe(0);
  });
});
