/**
 * How many rows each table of a store holds, read with plain SQL so that
 * every table is counted, including ones added after this was written.
 */
import type { Database } from "../store/database.ts";

export async function tableCounts(database: Database): Promise<Map<string, number>> {
  const tables =
    database.provider === "sqlite"
      ? await database.client.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`)
      : await database.client.$queryRawUnsafe<{ name: string }[]>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`);
  const counts = new Map<string, number>();
  for (const { name } of tables) {
    const [row] = await database.client.$queryRawUnsafe<{ count: number | bigint }[]>(`SELECT COUNT(*) AS count FROM "${name}"`);
    counts.set(name, Number(row?.count ?? 0));
  }
  return counts;
}
