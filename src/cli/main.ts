import "dotenv/config";
import { createAppContext } from "../app/app-context";
import { ConfigError, loadConfig } from "../config/load-config";
import { StoreError } from "../store";
import * as ask from "./ask";
import { deployCommands } from "./deploy-commands";
import * as digest from "./digest";
import * as ingest from "./ingest";
import * as search from "./search";
import * as stats from "./stats";

type Runner = (context: ReturnType<typeof createAppContext>, args: string[]) => Promise<number>;

const commands: Record<string, { usage: string; run: Runner }> = {
  ingest: { usage: ingest.usage, run: ingest.runIngest },
  ask: { usage: ask.usage, run: ask.runAsk },
  search: { usage: search.usage, run: search.runSearch },
  digest: { usage: digest.usage, run: digest.runDigest },
  stats: { usage: stats.usage, run: stats.runStats },
};

function usageText(): string {
  return ["usage: npm run -s cli -- <command> [args]", ...Object.values(commands).map((command) => `  ${command.usage}`), "  deploy-commands"].join("\n");
}

/** One line on stderr for anything a user can cause; a stack only for what they cannot. */
function reasonOf(error: unknown): string {
  if (error instanceof ConfigError || error instanceof StoreError) return error.message;
  if (error instanceof Error && "code" in error && error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `${error.message}\n${usageText()}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help") {
    process.stdout.write(`${usageText()}\n`);
    return name ? 0 : 2;
  }
  if (name === "deploy-commands") {
    const { count, scope } = await deployCommands(loadConfig());
    process.stdout.write(`registered ${count} slash commands ${scope}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`newsdesk: unknown command "${name}"\n${usageText()}\n`);
    return 2;
  }
  const context = createAppContext(loadConfig());
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
  (error: unknown) => {
    process.stderr.write(`newsdesk: ${reasonOf(error)}\n`);
    process.exit(1);
  },
);
