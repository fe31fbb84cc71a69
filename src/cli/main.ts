import "dotenv/config";
import { createAppContext } from "../app/app-context";
import { ConfigError, loadConfig } from "../config/load-config";
import { StoreError } from "../store";

type Runner = (context: ReturnType<typeof createAppContext>, args: string[]) => Promise<number>;
type Command = { usage: string; run: Runner };

// Each command's module is imported when it runs, so `ask` does not pay for ingest's HTML parsers or for discord.js.
const commands: Record<string, () => Promise<Command>> = {
  ingest: () => import("./ingest").then((module) => ({ usage: module.usage, run: module.runIngest })),
  ask: () => import("./ask").then((module) => ({ usage: module.usage, run: module.runAsk })),
  search: () => import("./search").then((module) => ({ usage: module.usage, run: module.runSearch })),
  digest: () => import("./digest").then((module) => ({ usage: module.usage, run: module.runDigest })),
  stats: () => import("./stats").then((module) => ({ usage: module.usage, run: module.runStats })),
  feeds: () => import("./feeds").then((module) => ({ usage: module.usage, run: module.runFeeds })),
  report: () => import("./report").then((module) => ({ usage: module.usage, run: module.runReport })),
};

async function usageText(): Promise<string> {
  const loaded = await Promise.all(Object.values(commands).map((load) => load()));
  return ["usage: npm run -s cli -- <command> [args]", ...loaded.map((command) => `  ${command.usage}`), "  deploy-commands"].join("\n");
}

/** One line on stderr for anything a user can cause; a stack only for what they cannot. */
async function reasonOf(error: unknown): Promise<string> {
  if (error instanceof ConfigError || error instanceof StoreError) return error.message;
  if (error instanceof Error && "code" in error && error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `${error.message}\n${await usageText()}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help") {
    process.stdout.write(`${await usageText()}\n`);
    return name ? 0 : 2;
  }
  if (name === "deploy-commands") {
    const { deployCommands } = await import("./deploy-commands");
    const { count, scope } = await deployCommands(loadConfig());
    process.stdout.write(`registered ${count} slash commands ${scope}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`newsdesk: unknown command "${name}"\n${await usageText()}\n`);
    return 2;
  }
  const command = await load();
  // ingest writes; every other command only reads, beside a running bot or console.
  const context = createAppContext(loadConfig(), { role: name === "ingest" ? "writer" : "reader" });
  let failed = false;
  try {
    return await command.run(context, args);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    try {
      context.close();
    } catch (closeError) {
      // The command's own error is the one to report; a failed close comes second, never instead.
      if (!failed) throw closeError;
      process.stderr.write(`newsdesk: closing the index also failed: ${reasonOf(closeError)}\n`);
    }
  }
}

// Exit explicitly: a model download given up on can leave a socket open for minutes.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error: unknown) => {
    process.stderr.write(`newsdesk: ${await reasonOf(error)}\n`);
    process.exit(1);
  },
);
