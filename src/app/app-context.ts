import { loadEmbedder, needsDownload, type LoadEmbedderOptions } from "../embeddings/load-embedder";
import type { Embedder } from "../embeddings/types";
import type { Config } from "../config/load-config";
import { createLogger, type Logger } from "../log";
import { acquireWriterLock, closeStore, openStore, readMeta, readStoredModel, writeMeta, type Store, type WriterLock } from "../store";
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
  options: {
    clock?: () => Date;
    logger?: Logger;
    notice?: (message: string) => void;
    loadEmbedder?: typeof loadEmbedder;
    /**
     * "writer": the only process that ingests, watches and polls (a second one is refused with one line);
     * "reader": answers beside it, following its commits. Unset (tests): neither.
     */
    role?: "writer" | "reader";
  } = {},
): AppContext {
  let logger = options.logger;
  const notice = options.notice ?? ((message: string) => process.stderr.write(`newsdesk: ${message}\n`));
  const store = openStore(config.indexDir, { onNotice: notice, reader: options.role === "reader" });
  let lock: WriterLock | null = null;
  try {
    if (options.role === "writer") lock = acquireWriterLock(config.indexDir);
  } catch (error) {
    closeStore(store);
    throw error;
  }
  const clock = options.clock ?? (() => new Date());
  let loading: Promise<Embedder | null> | null = null;

  const embedder = () => {
    loading ??= loadEmbedderOnce(store, clock, options.loadEmbedder ?? loadEmbedder, {
      model: config.embeddingModel,
      modelPath: config.embeddingModelPath,
      cacheDir: path.join(config.indexDir, "models"),
    }).then((result) => {
      if (result.embedder === null && result.reason !== null) notice(result.reason);
      return result.embedder;
    });
    return loading;
  };

  return {
    config,
    get logger() {
      return (logger ??= createLogger(config.logLevel));
    },
    store,
    clock,
    embedder,
    async queryEmbedder() {
      const stored = readStoredModel(store.db);
      if (!stored) return null;
      const loaded = await embedder();
      return loaded && loaded.model === stored.model ? loaded : null;
    },
    notice,
    close: () => {
      closeStore(store);
      lock?.release();
    },
  };
}

/** `EMBEDDING_MODEL=none`: keyword-only by choice, so nothing is loaded and nothing is said. */
export const NO_EMBEDDING_MODEL = "none";
/** How long a failed download is believed before the next call tries again (each try can take 20 s offline). */
export const DOWNLOAD_RETRY_MS = 60 * 60 * 1000;
const DOWNLOAD_FAILURE_KEY = "model_download_failure";

interface DownloadFailure {
  model: string;
  reason: string;
  at: string;
}

/**
 * The embedder, or null with the reason to tell (none when keyword-only was asked for). A download that failed is
 * remembered in the index with its reason, so the calls of the next hour run keyword-only at once instead of waiting
 * for the network again; a model placed in the cache or under EMBEDDING_MODEL_PATH is used at once.
 */
async function loadEmbedderOnce(
  store: Store,
  clock: () => Date,
  load: typeof loadEmbedder,
  options: LoadEmbedderOptions,
): Promise<{ embedder: Embedder | null; reason: string | null }> {
  if (options.model === NO_EMBEDDING_MODEL) return { embedder: null, reason: null };
  const downloading = needsDownload(options);
  if (downloading) {
    const failure = readDownloadFailure(store, options.model);
    const retryAt = failure ? new Date(Date.parse(failure.at) + DOWNLOAD_RETRY_MS) : null;
    if (failure && retryAt && clock() < retryAt) {
      return { embedder: null, reason: `${failure.reason} (remembered from ${failure.at}; next try after ${retryAt.toISOString()})` };
    }
  }
  const result = await load(options);
  if (downloading) {
    const failure: DownloadFailure | null = result.embedder ? null : { model: options.model, reason: result.reason, at: clock().toISOString() };
    store.db.transaction(() => writeMeta(store.db, DOWNLOAD_FAILURE_KEY, failure && JSON.stringify(failure))).immediate();
  }
  return result.embedder ? { embedder: result.embedder, reason: null } : { embedder: null, reason: result.reason };
}

function readDownloadFailure(store: Store, model: string): DownloadFailure | null {
  const value = readMeta(store.db, DOWNLOAD_FAILURE_KEY);
  if (!value) return null;
  try {
    const failure = JSON.parse(value) as DownloadFailure;
    return failure.model === model && typeof failure.reason === "string" && !Number.isNaN(Date.parse(failure.at)) ? failure : null;
  } catch {
    return null;
  }
}
