/**
 * `baraza db ...`: the database commands of the command line.
 *
 *   db migrate           apply pending migrations to DATABASE_URL (default file:./data/baraza.db)
 *   db migration <name>  compose the schemas from prisma/models.prisma, regenerate the
 *                        clients, and write the next migration for SQLite and PostgreSQL
 */
import { relative } from "node:path";
import { generateClients } from "../../scripts/generate-clients.mjs";
import { defaultDatabaseUrl, describeError, providerOf, redactUrl } from "./adapters.ts";
import { applyMigrations, createMigration, defaultShadowDatabaseUrl } from "./migrations.ts";

const usage = `Usage:
  npm run db:migrate                 apply pending migrations to DATABASE_URL (default ${defaultDatabaseUrl})
  npm run db:migration -- <name>     write the next migration after editing prisma/models.prisma
                                     (PostgreSQL's is diffed on SHADOW_DATABASE_URL, default ${defaultShadowDatabaseUrl})`;

/** Where `db migration` diffs PostgreSQL: SHADOW_DATABASE_URL, else a PostgreSQL DATABASE_URL, else the local server. */
function shadowUrl(env: NodeJS.ProcessEnv): string {
  if (env.SHADOW_DATABASE_URL) return env.SHADOW_DATABASE_URL;
  if (env.DATABASE_URL && providerOf(env.DATABASE_URL) === "postgresql") return env.DATABASE_URL;
  return defaultShadowDatabaseUrl;
}

async function migrate(env: NodeJS.ProcessEnv): Promise<number> {
  const url = env.DATABASE_URL || defaultDatabaseUrl;
  const applied = await applyMigrations(url).catch((error: unknown) => {
    const reason = describeError(error);
    throw new Error(`Could not migrate ${redactUrl(url)} (DATABASE_URL): ${reason}`, { cause: error });
  });
  console.log(
    applied.length === 0
      ? `${redactUrl(url)} is up to date.`
      : `Applied ${applied.length} migration(s) to ${redactUrl(url)}:\n${applied.map((name) => `  ${name}`).join("\n")}`,
  );
  return 0;
}

async function migration(name: string | undefined, env: NodeJS.ProcessEnv): Promise<number> {
  if (!name) {
    console.error(`A migration needs a name, e.g. \`npm run db:migration -- add_task_notes\`.\n\n${usage}`);
    return 2;
  }
  await generateClients();
  const created = await createMigration(name, { shadowUrl: shadowUrl(env) });
  if (created.kind === "unchanged") {
    console.log("Nothing changed: the migrations already match prisma/models.prisma. No migration written.");
    return 0;
  }
  console.log(`Wrote migration ${created.name}:\n${created.paths.map((path) => `  ${relative(process.cwd(), path)}`).join("\n")}`);
  console.log("Review the SQL, then commit it with prisma/models.prisma; `npm run db:migrate` applies it.");
  return 0;
}

/** Runs `db <subcommand> ...`; returns the process exit code. */
export async function runDbCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [subcommand, ...rest] = args;
  switch (subcommand) {
    case "migrate":
      return migrate(env);
    case "migration":
      return migration(rest.join(" ") || undefined, env);
    default:
      console.error(subcommand ? `Unknown command "db ${subcommand}".\n\n${usage}` : usage);
      return 2;
  }
}
