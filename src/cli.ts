/**
 * Baraza's command line: `npm run baraza -- <command> ...`. Each command lives
 * in the module of its concern; this file only reads `.env` and dispatches.
 */
import { existsSync } from "node:fs";
import { runProgrammeCommand } from "./programme-cli.ts";
import { runDbCommand } from "./store/cli-db.ts";

type Command = (args: readonly string[]) => Promise<number>;

const commands: Record<string, Command> = {
  db: (args) => runDbCommand(args),
  programme: (args) => runProgrammeCommand(args),
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (command === undefined) {
    console.error(`Usage: npm run baraza -- <${Object.keys(commands).join("|")}> ...`);
    return 2;
  }
  return command(args);
}

if (existsSync(".env")) process.loadEnvFile(".env");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
