/** Queries and passages may be embedded differently (e5/bge prefixes). */
export type EmbeddingKind = "query" | "passage";

/** The one thing the rest of newsdesk knows about embeddings. */
export interface Embedder {
  /** Model id, e.g. "Xenova/all-MiniLM-L6-v2". */
  readonly model: string;
  readonly dimensions: number;
  /** Unit-length vectors, one per text, in order. */
  embed(texts: string[], kind: EmbeddingKind): Promise<Float32Array[]>;
}
