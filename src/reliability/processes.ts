/**
 * Two processes on one store: on PostgreSQL both run and must keep each
 * person's updates in order (store/repositories/lanes.ts); on SQLite the
 * second must refuse to start (store/one-process.ts).
 */
import { secondProcessOnSqlite } from "./one-process-sqlite.ts";
import { twoProcessesOnPostgres } from "./ordering-postgres.ts";
import type { Section } from "./part.ts";

export const processes: Section = {
  name: "processes",
  run: (part) => (part.provider === "postgresql" ? twoProcessesOnPostgres(part) : secondProcessOnSqlite(part)),
};
