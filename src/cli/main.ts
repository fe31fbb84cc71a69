import "dotenv/config";
import { pathToFileURL } from "node:url";
import { createAppContext, type AppContext } from "../app/app-context";
import { loadConfig } from "../config/load-config";
import * as ask from "./ask";
import * as deploy from "./deploy-commands";
import * as digest from "./digest";
import * as ingest from "./ingest";
import * as invite from "./invite";
import * as search from "./search";
import * as stats from "./stats";
import { UsageError, usageErrorOf } from "./usage-error";

interface Command {
  usage: string;
  run(args: string[]): Promise<number>;
}

/** Commands that read the index get an app context, closed after them. */
function withContext(run: (context: AppContext, args: string[]) => Promise<number>): Command["run"] {
  return async (args) => {
    const context = createAppContext(loadConfig());
    try {
      return await run(context, args);
    } finally {
      context.close();
    }
  };
}

const commands: Record<string, Command> = {
  ingest: { usage: ingest.usage, run: withContext(ingest.runIngest) },
  ask: { usage: ask.usage, run: withContext(ask.runAsk) },
  search: { usage: search.usage, run: withContext(search.runSearch) },
  digest: { usage: digest.usage, run: withContext(digest.runDigest) },
  stats: { usage: stats.usage, run: withContext(stats.runStats) },
  "deploy-commands": {
    usage: deploy.usage,
    run: async (args) => {
      if (args.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(args[0])}`);
      const { count, scope } = await deploy.deployCommands(loadConfig());
      process.stdout.write(`registered ${count} slash commands ${scope}\n`);
      return 0;
    },
  },
  invite: {
    usage: invite.usage,
    run: async (args) => {
      if (args.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(args[0])}`);
      return invite.runInvite(loadConfig());
    },
  },
};

const PREFIX = "npm run -s cli --";

function usageText(): string {
  return [`usage: ${PREFIX} <command> [args]   (--help after a command for its usage)`, ...Object.values(commands).map((command) => `  ${command.usage}`)].join("\n");
}

/** `--help` or `-h` anywhere before a `--` (after it, "--help" is a question or a query). */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}

/** One line on stderr for anything a user can cause (configuration, files, the index). */
function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs one command line and resolves to its exit status; every failure is reported on stderr first. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(`${usageText()}\n`);
    return 0;
  }
  if (!name) {
    process.stderr.write(`newsdesk: which command?\n${usageText()}\n`);
    return 1;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`newsdesk: unknown command ${JSON.stringify(name)}\n${usageText()}\n`);
    return 1;
  }
  if (asksForHelp(args)) {
    process.stdout.write(`usage: ${PREFIX} ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    const usageError = error instanceof UsageError ? error : usageErrorOf(error);
    if (usageError) process.stderr.write(`newsdesk: ${usageError.message}\nusage: ${PREFIX} ${command.usage}\n`);
    else process.stderr.write(`newsdesk: ${reasonOf(error)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  // Exit explicitly: a model download given up on can leave a socket open for minutes.
  process.exit(await main(process.argv.slice(2)));
}
