/** The embedders a benchmark can run with: the tiny test model, a real model when one is on disk, random vectors. */
import path from "node:path";
import { loadEmbedder } from "../src/embeddings";
import type { Embedder, EmbeddingKind } from "../src/embeddings";
import { createTinyModel } from "../test/support/tiny-model";
import { hashSeed, randomUnitVector, seededRandom } from "./random";

/** MiniLM's size: the tiny model and the synthetic vectors share it, so index sizes and costs are realistic. */
export const BENCH_DIMENSIONS = 384;

export const TINY_MODEL_LABEL = "tiny random test model";

export interface TinyEmbedder {
  embedder: Embedder;
  /** What a newsdesk process needs to load the same model: EMBEDDING_MODEL_PATH and EMBEDDING_MODEL. */
  modelPath: string;
  modelId: string;
}

/**
 * The test suite's tiny ONNX model: a sentence vector is the mean of random (hash-seeded) word vectors, i.e. a
 * bag of words. Its numbers show the dense machinery at work, not the semantic quality of a real model.
 * `vocabulary` texts give their words their own vectors instead of spelling them out letter by letter.
 */
export async function createTinyEmbedder(workDir: string, vocabulary: string[]): Promise<TinyEmbedder> {
  const tiny = await createTinyModel(path.join(workDir, "tiny-model"), { dimensions: BENCH_DIMENSIONS, vocabulary });
  const loaded = await loadEmbedder({ model: tiny.modelId, modelPath: tiny.modelPath, cacheDir: path.join(workDir, "model-cache") });
  if (!loaded.embedder) throw new Error(`the tiny test model did not load: ${loaded.reason}`);
  return { embedder: loaded.embedder, modelPath: tiny.modelPath, modelId: tiny.modelId };
}

export type RealModel = { embedder: Embedder; label: string } | { embedder: null; reason: string };

/** The real model only when EMBEDDING_MODEL_PATH points at a folder holding it: nothing can be downloaded here. */
export async function loadRealEmbedder(workDir: string, env: NodeJS.ProcessEnv = process.env): Promise<RealModel> {
  const modelPath = env.EMBEDDING_MODEL_PATH?.trim();
  if (!modelPath) return { embedder: null, reason: "no model here (set EMBEDDING_MODEL_PATH to a folder holding one)" };
  const model = env.EMBEDDING_MODEL?.trim() || "Xenova/all-MiniLM-L6-v2";
  const loaded = await loadEmbedder({ model, modelPath: path.resolve(modelPath), cacheDir: path.join(workDir, "model-cache") });
  if (!loaded.embedder) return { embedder: null, reason: `no model here (${loaded.reason})` };
  return { embedder: loaded.embedder, label: model };
}

/**
 * Remembers every vector it computed. Quality rows search the same questions many times (exact vs HNSW, the
 * weight sweep); embedding each once keeps the run short without changing any result.
 */
export function memoizeEmbedder(embedder: Embedder): Embedder {
  const cache = new Map<string, Float32Array>();
  return {
    model: embedder.model,
    dimensions: embedder.dimensions,
    async embed(texts: string[], kind: EmbeddingKind): Promise<Float32Array[]> {
      const missing = [...new Set(texts.filter((text) => !cache.has(`${kind}\n${text}`)))];
      if (missing.length > 0) {
        const vectors = await embedder.embed(missing, kind);
        missing.forEach((text, i) => cache.set(`${kind}\n${text}`, vectors[i]!));
      }
      return texts.map((text) => cache.get(`${kind}\n${text}`)!);
    },
  };
}

/** The model name the synthetic corpora's vectors are stored under. */
export const SYNTHETIC_MODEL = "bench/random-unit-vectors";

/**
 * Stands in for the model in the latency runs: a random unit vector per text (the same one for the same text),
 * so query latency excludes the model's cost, which the ingestion section reports on its own.
 */
export function randomQueryEmbedder(dimensions: number = BENCH_DIMENSIONS): Embedder {
  return {
    model: SYNTHETIC_MODEL,
    dimensions,
    async embed(texts: string[]): Promise<Float32Array[]> {
      return texts.map((text) => randomUnitVector(seededRandom(hashSeed(text)), dimensions));
    },
  };
}
