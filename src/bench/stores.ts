/**
 * Where the store-bound parts keep their data: SQLite files in a temporary
 * folder, or, when DATABASE_URL names PostgreSQL, fresh schemas in that
 * database, dropped when the part ends (see src/reliability/databases.ts).
 */
import { providerOf, type Provider } from "../store/database.ts";
import { freshUrl } from "../reliability/databases.ts";
import type { Scope } from "../reliability/scope.ts";

const configured = process.env["DATABASE_URL"];

/** The provider the bench runs its store-bound parts on. */
export const PROVIDER: Provider = configured ? providerOf(configured) : "sqlite";

/** The PostgreSQL database named, without its schema: the bench makes schemas of its own there. */
function server(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete("schema");
  return parsed.href;
}

/** A database nobody else uses, removed with the scope; opening it migrates it. */
export function benchUrl(scope: Scope, label: string): Promise<string> {
  return freshUrl(scope, PROVIDER, configured && PROVIDER === "postgresql" ? server(configured) : "", `bench_${label}`);
}
