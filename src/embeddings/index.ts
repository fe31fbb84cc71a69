export type { Embedder, EmbeddingKind } from "./types";
export { defaultDenseWeight, modelProfile, prefixText, type ModelProfile } from "./known-models";
export { loadEmbedder, needsDownload, type LoadEmbedderOptions, type LoadEmbedderResult } from "./load-embedder";
