/**
 * `npm run baraza -- programme create <name>`: makes a programme and prints
 * the one-time code its first coordinator sends to the bot. Only someone
 * with access to the server can do this; everything after happens in chat.
 */
import { readConfig } from "./config.ts";
import { commandForm, renderCommands } from "./flows/commands.ts";
import { createInvitation, INVITATION_DAYS } from "./flows/invitations.ts";
import { randomIds } from "./ids.ts";
import { loadTexts, LOCALES_DIR } from "./i18n.ts";
import { openDatabase } from "./store/database.ts";
import { createStore } from "./store/store.ts";
import { NAME_LIMIT, cleanText } from "./domain/text.ts";

export async function runProgrammeCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const read = readConfig(env);
  if (read.kind === "rejected") {
    console.error(read.problems.join("\n"));
    return 2;
  }
  const texts = loadTexts({ directory: LOCALES_DIR, fallbackLocale: read.config.DEFAULT_LOCALE });
  // Printed for the operator, not sent through a channel: commands in the form most platforms type them (`/start`).
  const t = (key: string, vars?: Record<string, unknown>) => renderCommands(texts.t(read.config.DEFAULT_LOCALE, key, vars), commandForm("/"));
  const [subcommand, ...words] = args;
  const name = cleanText(words.join(" "), NAME_LIMIT);
  if (subcommand !== "create" || name.kind === "rejected") {
    console.error(t("cli.programme-usage"));
    return 2;
  }
  const database = await openDatabase(read.config.DATABASE_URL);
  try {
    const store = createStore(database);
    const code = await store.transaction(async (tx) => {
      const programme = await tx.programmes.create(name.text);
      await tx.audit.record({ at: new Date(), actorId: null, groupId: null, action: "programme.created", entity: "programme", entityId: programme.id });
      return createInvitation(tx, randomIds, { programmeId: programme.id, role: "coordinator", createdById: null, now: new Date() });
    });
    console.log(t("cli.programme-created", { name: name.text, code, days: INVITATION_DAYS }));
    return 0;
  } finally {
    await database.close();
  }
}
