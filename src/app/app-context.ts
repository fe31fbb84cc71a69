import { loadEmbedder } from "../embeddings/load-embedder";
import type { Embedder } from "../embeddings/types";
import type { Config } from "../config/load-config";
import { createLogger, type Logger } from "../log";
import { closeStore, openStore, readStoredModel, type Store } from "../store";
import path from "node:path";

/** What every entry point (CLI, console, bot) shares: config, logs, the store, the embedder and the clock. */
export interface AppContext {
  config: Config;
  logger: Logger;
  store: Store;
  clock: () => Date;
  /** Loads the embedding model once; null (keyword-only) when none is available, said once. */
  embedder(): Promise<Embedder | null>;
  /** The embedder only when the index holds vectors of its model (searching needs nothing else). */
  queryEmbedder(): Promise<Embedder | null>;
  notice(message: string): void;
  close(): void;
}

export function createAppContext(
  config: Config,
  options: { clock?: () => Date; logger?: Logger; notice?: (message: string) => void } = {},
): AppContext {
  const logger = options.logger ?? createLogger(config.logLevel);
  const notice = options.notice ?? ((message: string) => process.stderr.write(`newsdesk: ${message}\n`));
  const store = openStore(config.indexDir, { onNotice: notice });
  let loading: Promise<Embedder | null> | null = null;

  const embedder = () => {
    loading ??= loadEmbedder({
      model: config.embeddingModel,
      modelPath: config.embeddingModelPath,
      cacheDir: path.join(config.indexDir, "models"),
    }).then((result) => {
      if (result.embedder === null) notice(result.reason);
      return result.embedder;
    });
    return loading;
  };

  return {
    config,
    logger,
    store,
    clock: options.clock ?? (() => new Date()),
    embedder,
    async queryEmbedder() {
      const stored = readStoredModel(store.db);
      if (!stored) return null;
      const loaded = await embedder();
      return loaded && loaded.model === stored.model ? loaded : null;
    },
    notice,
    close: () => closeStore(store),
  };
}
