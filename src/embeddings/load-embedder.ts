import { existsSync } from "node:fs";
import path from "node:path";
import type { FeatureExtractionPipeline } from "@xenova/transformers";
import { modelProfile, prefixText, type ModelProfile } from "./known-models";
import type { Embedder, EmbeddingKind } from "./types";

export interface LoadEmbedderOptions {
  /** transformers.js model id, e.g. "Xenova/all-MiniLM-L6-v2". */
  model: string;
  /** A folder of models (`<modelPath>/<model>/…`); when set, nothing is downloaded. */
  modelPath?: string;
  /** Where downloads are kept; a model already here is used without the network. */
  cacheDir: string;
  /** Texts per model call; bounds memory, since a batch is padded to its longest text. */
  batchSize?: number;
}

export type LoadEmbedderResult = { embedder: Embedder } | { embedder: null; reason: string };

const DEFAULT_BATCH_SIZE = 32;
/** A download that makes no progress this long is treated as offline (fetch itself can wait minutes). */
const DOWNLOAD_STALL_MS = 20_000;
const QUANTIZED_ONNX_FILE = "onnx/model_quantized.onnx";
const FULL_PRECISION_ONNX_FILE = "onnx/model.onnx";
const KEYWORD_ONLY_HINT = "running keyword-only — set EMBEDDING_MODEL_PATH to a folder holding the model";

/**
 * Loads a transformers.js feature-extraction model behind the `Embedder` interface.
 * A missing or broken model is not an error: it resolves to `{ embedder: null, reason }` and the caller runs keyword-only.
 * Not safe to call concurrently: transformers.js keeps its settings in one global `env`.
 */
/** True when loading would go to the network: no model folder configured and nothing in the cache yet. */
export function needsDownload(options: LoadEmbedderOptions): boolean {
  return options.modelPath === undefined && !existsSync(path.join(options.cacheDir, options.model, "config.json"));
}

export async function loadEmbedder(options: LoadEmbedderOptions): Promise<LoadEmbedderResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const profile = modelProfile(options.model);
  const localFolders = [options.cacheDir, options.modelPath]
    .filter((root): root is string => root !== undefined)
    .map((root) => path.join(root, options.model));
  const localFolder = localFolders.find((folder) => existsSync(path.join(folder, "config.json")));

  // Nothing to load and nothing may be downloaded: say so without importing transformers.js (about a second).
  if (localFolder === undefined && options.modelPath !== undefined) {
    return { embedder: null, reason: describeFailure(options, localFolder, new Error("not found")) };
  }

  let extractor: FeatureExtractionPipeline;
  let dimensions: number;
  try {
    // Imported here so a broken native install (onnxruntime, sharp) degrades to keyword-only instead of crashing startup.
    const transformers = await import("@xenova/transformers");
    configureTransformers(transformers.env, options);
    extractor = await loadPipelineVariants(transformers.pipeline, options.model, onnxVariants(localFolders));
    // A probe proves the model runs end to end and tells its output size, which config.json may not state.
    const [probe] = await embedBatch(extractor, profile, ["dimension probe"]);
    dimensions = probe!.length;
  } catch (error) {
    return { embedder: null, reason: describeFailure(options, localFolder, error) };
  }
  return { embedder: createEmbedder(extractor, options.model, profile, dimensions, batchSize) };
}

type TransformersModule = typeof import("@xenova/transformers");

function configureTransformers(env: TransformersModule["env"], options: LoadEmbedderOptions): void {
  env.cacheDir = options.cacheDir;
  if (options.modelPath !== undefined) {
    env.localModelPath = options.modelPath;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
  } else {
    // Without a model folder only the cache and the Hub are consulted, never transformers' own default folder.
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
  }
}

/** `quantized` values to try: whichever file is present locally, else the quantized file Xenova repos ship, then the full one. */
function onnxVariants(localFolders: string[]): boolean[] {
  const present = (file: string) => localFolders.some((folder) => existsSync(path.join(folder, file)));
  if (present(QUANTIZED_ONNX_FILE)) return [true];
  if (present(FULL_PRECISION_ONNX_FILE)) return [false];
  return [true, false];
}

async function loadPipelineVariants(
  pipeline: TransformersModule["pipeline"],
  model: string,
  variants: boolean[],
): Promise<FeatureExtractionPipeline> {
  let lastError: unknown;
  for (const quantized of variants) {
    try {
      return await loadPipeline(pipeline, model, quantized);
    } catch (error) {
      lastError = error;
      // Only a missing quantized file is worth another try; network and parse failures would fail again.
      if (!errorText(error).includes(QUANTIZED_ONNX_FILE)) break;
    }
  }
  throw lastError;
}

/** `pipeline()` with a watchdog: every progress event re-arms it, so slow downloads finish but a dead connection fails. */
async function loadPipeline(
  pipeline: TransformersModule["pipeline"],
  model: string,
  quantized: boolean,
): Promise<FeatureExtractionPipeline> {
  let watchdog: NodeJS.Timeout | undefined;
  let stalled!: (error: Error) => void;
  const stall = new Promise<never>((_, reject) => (stalled = reject));
  const rearm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(
      () => stalled(new Error(`download made no progress for ${DOWNLOAD_STALL_MS / 1000}s`)),
      DOWNLOAD_STALL_MS,
    );
  };
  rearm();
  const loading = pipeline("feature-extraction", model, { quantized, progress_callback: rearm });
  try {
    return await Promise.race([loading, stall]);
  } catch (error) {
    // The abandoned load cannot be cancelled; release it if it completes after all.
    loading.then((late) => late.dispose()).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(watchdog);
  }
}

function createEmbedder(
  extractor: FeatureExtractionPipeline,
  model: string,
  profile: ModelProfile,
  dimensions: number,
  batchSize: number,
): Embedder {
  return {
    model,
    dimensions,
    async embed(texts: string[], kind: EmbeddingKind): Promise<Float32Array[]> {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize).map((text) => prefixText(profile, text, kind));
        vectors.push(...(await embedBatch(extractor, profile, batch)));
      }
      return vectors;
    },
  };
}

async function embedBatch(
  extractor: FeatureExtractionPipeline,
  profile: ModelProfile,
  texts: string[],
): Promise<Float32Array[]> {
  const output = await extractor(texts, { pooling: profile.pooling, normalize: true });
  const [rows = 0, dimensions = 0] = output.dims;
  const data = output.data as Float32Array;
  return Array.from({ length: rows }, (_, row) => data.slice(row * dimensions, (row + 1) * dimensions));
}

function describeFailure(options: LoadEmbedderOptions, localFolder: string | undefined, error: unknown): string {
  const cause = errorText(error);
  let why: string;
  if (localFolder !== undefined) {
    why = `${options.model} in ${localFolder} could not be loaded: ${cause}`;
  } else if (options.modelPath !== undefined) {
    why = `${options.model} is not in ${options.modelPath}`;
  } else {
    why = `${options.model} is not in ${options.cacheDir} and could not be downloaded: ${cause}`;
  }
  return `no embedding model available (${why}); ${KEYWORD_ONLY_HINT}`;
}

/** One line about an error; Node's fetch hides the useful part ("getaddrinfo ENOTFOUND …") in `cause`. */
function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  const line = `${message}${cause}`.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
