import type { AppContext } from "../app/app-context";
import type { FreshArticles } from "../app/fresh-articles";
import { loadCommands } from "./load-commands";
import { ResultCache } from "./result-cache";
import { startBot } from "./start-bot";
import type { BotServices } from "./types";

export function createBotServices(context: AppContext, feedStatus?: BotServices["feedStatus"]): BotServices {
  return {
    config: context.config,
    store: context.store,
    logger: context.logger,
    clock: context.clock,
    embedder: () => context.queryEmbedder(),
    answers: new ResultCache(),
    searches: new ResultCache(),
    feedStatus,
  };
}

/** Runs the bot until SIGINT/SIGTERM, then stops in order: no new work, in-flight replies, gateway (the caller closes the rest). */
export async function runBot(context: AppContext, token: string, fresh: FreshArticles): Promise<void> {
  const services = createBotServices(context, fresh.feedStatus);
  const bot = await startBot(services, await loadCommands(), token);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  context.logger.info("shutting down");
  await bot.stop();
}
