import type { AppContext } from "../app/app-context";
import { loadCommands } from "./load-commands";
import { ResultCache } from "./result-cache";
import { startBot } from "./start-bot";
import type { BotServices } from "./types";

export function createBotServices(context: AppContext): BotServices {
  return {
    config: context.config,
    store: context.store,
    logger: context.logger,
    clock: context.clock,
    embedder: () => context.queryEmbedder(),
    answers: new ResultCache(),
    searches: new ResultCache(),
  };
}

/** Runs the bot until SIGINT/SIGTERM, then shuts down in order: no new work, in-flight replies, gateway, database. */
export async function runBot(context: AppContext, token: string): Promise<void> {
  const services = createBotServices(context);
  const bot = await startBot(services, await loadCommands(), token);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  context.logger.info("shutting down");
  await bot.stop();
  context.close();
}
