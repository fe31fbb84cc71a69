/**
 * The baseline for the dense side: exact brute-force cosine over the very vectors the store holds, and a way to
 * put it in place of the HNSW cache so the rest of newsdesk's pipeline runs unchanged around it.
 */
import { blobToVector, DEFAULT_EF_SEARCH, type Store } from "../src/store";

type VectorIndex = NonNullable<Store["vectors"]>;

/** The ef values HNSW is compared with the exact scan at: newsdesk's own and larger ones, to see what recall costs. */
export const RECALL_EF_VALUES = [...new Set([DEFAULT_EF_SEARCH, 256, 512, 1024])].sort((a, b) => a - b);

export interface Neighbour {
  label: number;
  similarity: number;
}

export class ExactCosineIndex {
  readonly dimensions: number;
  #vectors: Float32Array;
  #labels: Float64Array;
  #count = 0;

  constructor(dimensions: number, capacity: number) {
    this.dimensions = dimensions;
    this.#vectors = new Float32Array(Math.max(capacity, 1) * dimensions);
    this.#labels = new Float64Array(Math.max(capacity, 1));
  }

  get count(): number {
    return this.#count;
  }

  /** Stores a unit-length copy, so a dot product is the cosine. */
  add(label: number, vector: Float32Array): void {
    if (vector.length !== this.dimensions) throw new RangeError(`expected ${this.dimensions} dimensions, got ${vector.length}`);
    if (this.#count === this.#labels.length) this.#grow();
    let squaredNorm = 0;
    for (let i = 0; i < vector.length; i++) squaredNorm += vector[i]! * vector[i]!;
    const scale = 1 / (Math.sqrt(squaredNorm) || 1);
    const offset = this.#count * this.dimensions;
    for (let i = 0; i < vector.length; i++) this.#vectors[offset + i] = vector[i]! * scale;
    this.#labels[this.#count] = label;
    this.#count += 1;
  }

  /** The `k` most similar stored vectors, best first, scanning every one of them. */
  search(query: ArrayLike<number>, k: number, accept?: (label: number) => boolean): Neighbour[] {
    const dimensions = this.dimensions;
    const unit = new Float32Array(dimensions);
    let squaredNorm = 0;
    for (let i = 0; i < dimensions; i++) squaredNorm += query[i]! * query[i]!;
    const scale = 1 / (Math.sqrt(squaredNorm) || 1);
    for (let i = 0; i < dimensions; i++) unit[i] = query[i]! * scale;

    // The best k so far, kept sorted: with k far below the count, few candidates ever beat the worst kept one.
    const topSimilarity: number[] = [];
    const topLabel: number[] = [];
    const vectors = this.#vectors;
    for (let row = 0; row < this.#count; row++) {
      const offset = row * dimensions;
      let dot = 0;
      for (let i = 0; i < dimensions; i++) dot += unit[i]! * vectors[offset + i]!;
      if (topSimilarity.length === k && dot <= topSimilarity[k - 1]!) continue;
      const label = this.#labels[row]!;
      if (accept && !accept(label)) continue;
      let place = topSimilarity.length;
      while (place > 0 && topSimilarity[place - 1]! < dot) place--;
      topSimilarity.splice(place, 0, dot);
      topLabel.splice(place, 0, label);
      if (topSimilarity.length > k) {
        topSimilarity.pop();
        topLabel.pop();
      }
    }
    return topLabel.map((label, i) => ({ label, similarity: topSimilarity[i]! }));
  }

  #grow(): void {
    const vectors = new Float32Array(this.#vectors.length * 2);
    vectors.set(this.#vectors);
    this.#vectors = vectors;
    const labels = new Float64Array(this.#labels.length * 2);
    labels.set(this.#labels);
    this.#labels = labels;
  }
}

/** Every vector the store holds, labelled by chunk rowid as in the HNSW cache. */
export function loadExactIndex(store: Store): ExactCosineIndex {
  if (!store.vectors) throw new Error("the store holds no vectors");
  const count = store.db.prepare("SELECT count(*) FROM chunks WHERE embedding IS NOT NULL").pluck().get() as number;
  const exact = new ExactCosineIndex(store.vectors.dimensions, count);
  const rows = store.db.prepare("SELECT rowid, embedding FROM chunks WHERE embedding IS NOT NULL").iterate() as Iterable<{
    rowid: number;
    embedding: Buffer;
  }>;
  for (const { rowid, embedding } of rows) exact.add(rowid, blobToVector(embedding));
  return exact;
}

/**
 * The same store, whose vector cache answers by brute force. newsdesk's `searchVectors` only calls
 * `getCurrentCount`, `setEf` and `searchKnn` on the HNSW object, so a stand-in with those three makes every
 * search and answer differ from the real pipeline in the nearest-neighbour step alone.
 */
export function withExactSearch(store: Store, exact: ExactCosineIndex): Store {
  if (!store.vectors) throw new Error("the store holds no vectors");
  const standIn = {
    getCurrentCount: () => exact.count,
    setEf: () => undefined,
    searchKnn(query: number[], k: number, filter?: (label: number) => boolean) {
      const found = exact.search(query, k, filter);
      return { neighbors: found.map(({ label }) => label), distances: found.map(({ similarity }) => 1 - similarity) };
    },
  };
  const vectors: VectorIndex = { ...store.vectors, index: standIn as unknown as VectorIndex["index"] };
  return { db: store.db, dir: store.dir, vectors };
}
