import type { EmbeddingKind } from "./types";

/** How a sentence-embedding model was trained to be used: which token states to pool and what each input starts with. */
export interface ModelProfile {
  pooling: "mean" | "cls";
  queryPrefix: string;
  passagePrefix: string;
}

const BGE_QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

const MEAN_POOLED: ModelProfile = { pooling: "mean", queryPrefix: "", passagePrefix: "" };
const BGE: ModelProfile = { pooling: "cls", queryPrefix: BGE_QUERY_PREFIX, passagePrefix: "" };
const E5: ModelProfile = { pooling: "mean", queryPrefix: "query: ", passagePrefix: "passage: " };

/**
 * Keyed by model name without its owner, lowercased, so "Xenova/e5-small-v2", "intfloat/e5-small-v2"
 * and a local folder "e5-small-v2" share one entry.
 */
const KNOWN_MODELS: Record<string, ModelProfile> = {
  "all-minilm-l6-v2": MEAN_POOLED,
  "all-minilm-l12-v2": MEAN_POOLED,
  "paraphrase-multilingual-minilm-l12-v2": MEAN_POOLED,
  "gte-small": MEAN_POOLED,
  "bge-small-en-v1.5": BGE,
  "bge-base-en-v1.5": BGE,
  "e5-small-v2": E5,
  "multilingual-e5-small": E5,
};

function modelName(model: string): string {
  return model.split("/").pop()?.toLowerCase() ?? "";
}

/** The profile of a known model; anything else is treated like a plain sentence-transformers model. */
export function modelProfile(model: string): ModelProfile {
  return KNOWN_MODELS[modelName(model)] ?? MEAN_POOLED;
}

/**
 * How much a model's results count against keyword results when nothing is configured. Measured here: a weak
 * model (random word vectors) at weight 0.25 already cut SQuADShifts MRR@10 from 0.85 to 0.67, so a model nobody
 * has vouched for only stores vectors (weight 0, keyword ranking unchanged) until SEARCH_DENSE_WEIGHT says otherwise.
 * The known sentence-embedding models get 0.5, keyword still leading; BENCHMARKS.md measures yours.
 */
export function defaultDenseWeight(model: string): number {
  return modelName(model) in KNOWN_MODELS ? 0.5 : 0;
}

/** The text exactly as the model expects to see it, e.g. "query: who won?" for e5 models. */
export function prefixText(profile: ModelProfile, text: string, kind: EmbeddingKind): string {
  return (kind === "query" ? profile.queryPrefix : profile.passagePrefix) + text;
}
