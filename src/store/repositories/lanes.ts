/**
 * Per-lane order across processes, on PostgreSQL.
 *
 * A lane is a chat or a person. Several bot processes may receive one
 * person's consecutive messages (a webhook behind a load balancer); each
 * message is handled alone on its lanes and after every earlier one on them
 * that another process has already received. It is done with advisory locks
 * only, which live in the server's memory: nothing is written, so nothing
 * ties a person to the moment they wrote.
 *
 * Before the message's transaction (`queue`), on the database's own session
 * connection, so that no step waits for one of the pool's connections, which
 * a busy process has all in use:
 *
 * 1. Announce: a session-level shared lock on (lane, order) for each lane:
 *    other processes see in `pg_locks` that this update waits. Withdrawn
 *    once its transaction has ended.
 * 2. Settle: if another Baraza is connected to the database (its
 *    connections are named for it: `application_name`, adapters.ts), wait a
 *    moment, so an earlier update that reached it at the same instant has
 *    announced itself too. A process alone skips 2 and 3: no one else can
 *    hold an earlier update. (A Baraza connects when it starts and keeps its
 *    connections, so it is seen before it receives its first update.)
 * 3. Wait while an update of a lower order on one of the lanes is announced
 *    (it is handled, or waits to be, before this one).
 *
 * Then, first inside the transaction (`enter`):
 *
 * 4. Take each lane's exclusive lock, in a fixed order (no deadlock): one
 *    update at a time per lane, released when the transaction ends.
 *
 * An update without an order (a platform that gives none) skips 1 to 3 and
 * is only kept apart. SQLite needs none of it: one process owns the file,
 * and the adapters keep each chat's and person's updates in order within it.
 */
import { createHash } from "node:crypto";
import type { Lanes } from "../../flows/ports.ts";
import { BARAZA_APPLICATION, type Provider, type SessionConnection } from "../adapters.ts";
import type { Connection } from "./connection.ts";

/**
 * How long an update waits for an earlier one that arrived elsewhere at the
 * same instant to announce itself: long enough for a process slowed by a busy
 * machine (50 ms was not, with two cores busy), short enough not to be
 * noticed in a chat. Paid by every update with an order, on PostgreSQL only,
 * while another Baraza is connected to the same database; it holds no
 * connection while it waits.
 */
export const SETTLE_MS = 150;
/** How often a waiting update looks again. */
const POLL_MS = 10;
/**
 * The longest an update waits behind earlier ones: as long as one
 * transaction may run. Reached only if a process lost track of an
 * announcement it made; the update is then handled rather than left.
 */
export const MAX_QUEUE_MS = 15_000;
/** Orders are kept in a 32-bit lock key; larger ones are handled without waiting for lower ones. */
const MAX_ORDER = 2 ** 31 - 1;

/** A lane's lock key: 31 bits of its name's digest, the same in every process. */
export function laneKey(lane: string): number {
  return createHash("sha256").update(lane).digest().readUInt32BE(0) & 0x7fffffff;
}

function laneKeys(lanes: readonly string[]): number[] {
  return [...new Set(lanes.map(laneKey))].sort((a, b) => a - b);
}

const leaveNothing = async (): Promise<void> => {};

export class PrismaLanes implements Lanes {
  constructor(
    private readonly db: Connection,
    private readonly provider: Provider,
    /** The database's session connection (PostgreSQL). */
    private readonly session: SessionConnection | null,
    /** How a wait is made (tests count them). */
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {}

  async queue(lanes: readonly string[], order: number | null): Promise<() => Promise<void>> {
    if (this.provider !== "postgresql" || order === null || !Number.isInteger(order) || order < 0 || order > MAX_ORDER) return leaveNothing;
    const session = this.session;
    if (!session) throw new Error("Lanes on PostgreSQL announce updates on the database's session connection, which this store was not given");
    const keys = laneKeys(lanes);
    // Step 1, and whether step 2 applies, in one round trip.
    const [announced] = await session.query<{ others: boolean }>(
      `SELECT (SELECT count(pg_advisory_lock_shared(key, $2::int)) FROM unnest($1::int[]) AS key) AS announced, ${OTHERS_CONNECTED} AS others`,
      [keys, order, BARAZA_APPLICATION],
    );
    const leave = async () => {
      await session.query("SELECT count(pg_advisory_unlock_shared(key, $2::int)) FROM unnest($1::int[]) AS key", [keys, order]);
    };
    try {
      if (announced?.others === true) {
        await this.wait(SETTLE_MS);
        const until = Date.now() + MAX_QUEUE_MS;
        while (Date.now() < until && (await earlierAnnounced(session, keys, order))) await this.wait(POLL_MS);
      }
    } catch (error) {
      await leave();
      throw error;
    }
    return leave;
  }

  async enter(lanes: readonly string[]): Promise<void> {
    if (this.provider !== "postgresql") return;
    if (!this.db.inTransaction) throw new Error("Lanes are entered inside the message's transaction, which holds their locks");
    // (Wrapped in a query that returns a row: Prisma cannot read the `void` these functions return.)
    for (const key of laneKeys(lanes)) await this.db.client.$queryRawUnsafe("SELECT 1 AS held FROM (SELECT pg_advisory_xact_lock($1::bigint)) AS entered", key);
  }
}

/**
 * Whether another Baraza on this schema (another process, or another
 * database opened in this one) has a connection to the database: its
 * connections' name has this one's first two words and not its third.
 * (BARAZA_APPLICATION is the query's third parameter.)
 */
const OTHERS_CONNECTED = `EXISTS (SELECT 1 FROM pg_stat_activity
  WHERE datname = current_database()
    AND starts_with(application_name, $3 || ' ' || split_part(current_setting('application_name'), ' ', 2) || ' ')
    AND application_name <> current_setting('application_name'))`;

/** Whether an update of a lower order is announced on one of these lanes, by any process (this one's too). */
async function earlierAnnounced(session: SessionConnection, keys: readonly number[], order: number): Promise<boolean> {
  const rows = await session.query<{ waiting: number }>(
    `SELECT count(*)::int AS waiting FROM pg_locks
     WHERE locktype = 'advisory' AND objsubid = 2 AND granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND classid::text::bigint = ANY($1::bigint[]) AND objid::text::bigint < $2::bigint`,
    [keys, order],
  );
  return (rows[0]?.waiting ?? 0) > 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
