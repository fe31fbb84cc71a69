import "dotenv/config";
import { pathToFileURL } from "node:url";
import { createAppContext, type AppContext } from "../app/app-context";
import { loadConfig } from "../config/load-config";
import { UsageError, usageErrorOf } from "./usage-error";

interface Command {
  usage: string;
  run(args: string[]): Promise<number>;
}

type ContextRunner = (context: AppContext, args: string[]) => Promise<number>;

/**
 * Commands that use the index get an app context, closed after them. Only ingest writes; the others read beside
 * a running bot or console. A failed close is reported second, never instead of the command's own error.
 */
function withContext(run: ContextRunner, role: "writer" | "reader"): Command["run"] {
  return async (args) => {
    const context = createAppContext(loadConfig(), { role });
    let failed = false;
    try {
      return await run(context, args);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      try {
        context.close();
      } catch (closeError) {
        if (!failed) throw closeError;
        process.stderr.write(`newsdesk: closing the index also failed: ${reasonOf(closeError)}\n`);
      }
    }
  };
}

function withoutArguments(run: () => Promise<number>): Command["run"] {
  return async (args) => {
    if (args.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(args[0])}`);
    return run();
  };
}

// Each command's module is imported when it runs, so `ask` does not pay for ingest's HTML parsers or for discord.js.
const commands: Record<string, () => Promise<Command>> = {
  ingest: () => import("./ingest").then((m) => ({ usage: m.usage, run: withContext(m.runIngest, "writer") })),
  ask: () => import("./ask").then((m) => ({ usage: m.usage, run: withContext(m.runAsk, "reader") })),
  search: () => import("./search").then((m) => ({ usage: m.usage, run: withContext(m.runSearch, "reader") })),
  digest: () => import("./digest").then((m) => ({ usage: m.usage, run: withContext(m.runDigest, "reader") })),
  stats: () => import("./stats").then((m) => ({ usage: m.usage, run: withContext(m.runStats, "reader") })),
  feeds: () => import("./feeds").then((m) => ({ usage: m.usage, run: withContext(m.runFeeds, "reader") })),
  report: () => import("./report").then((m) => ({ usage: m.usage, run: withContext(m.runReport, "reader") })),
  "deploy-commands": () =>
    import("./deploy-commands").then((m) => ({
      usage: m.usage,
      run: withoutArguments(async () => {
        const { count, scope } = await m.deployCommands(loadConfig());
        process.stdout.write(`registered ${count} slash commands ${scope}\n`);
        return 0;
      }),
    })),
  invite: () => import("./invite").then((m) => ({ usage: m.usage, run: withoutArguments(async () => m.runInvite(loadConfig())) })),
};

const PREFIX = "npm run -s cli --";

async function usageText(): Promise<string> {
  const loaded = await Promise.all(Object.values(commands).map((load) => load()));
  return [`usage: ${PREFIX} <command> [args]   (--help after a command for its usage)`, ...loaded.map((command) => `  ${command.usage}`)].join("\n");
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
    process.stdout.write(`${await usageText()}\n`);
    return 0;
  }
  if (!name) {
    process.stderr.write(`newsdesk: which command?\n${await usageText()}\n`);
    return 1;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`newsdesk: unknown command ${JSON.stringify(name)}\n${await usageText()}\n`);
    return 1;
  }
  const command = await load();
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
