import { stemOf, wordsOf } from "../retrieval/parse-query";
import { STOP_WORDS } from "../retrieval/stop-words";

/** Stem → weight, unit length. */
export type TermVector = Map<string, number>;

/** What a story's text is compared on. */
export interface StoryText {
  title: string;
  lead: string;
  /** Stems of the names in the lead: capitalised words that do not open a sentence. */
  names: Set<string>;
}

/** Pairwise similarities of n items, symmetric; pairs below a small floor are left out and read as 0. */
export interface SimilarityGraph {
  size: number;
  similarity(i: number, j: number): number;
  /** Pairs (i < j) that may seed a story, at or above `threshold`, most similar first. */
  pairsAtLeast(threshold: number): [number, number][];
}

// A headline names the story; its words count double against the lead's.
const TITLE_WEIGHT = 2;
// Below this, two texts share nothing that matters; not storing such pairs keeps big windows small.
const SIMILARITY_FLOOR = 0.05;

/**
 * Stemmed content words: stop words, single letters ("U.S." → "u", "s") and bare numbers (amounts and dates,
 * which differ between reports of one story) dropped.
 */
export function contentStems(text: string): string[] {
  return wordsOf(text)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word) && !/^\d+$/.test(word))
    .map(stemOf);
}

/** Stems of the capitalised words of `sentences` past each one's first word: people, places, companies. */
export function nameStems(sentences: string[]): Set<string> {
  const names = new Set<string>();
  for (const sentence of sentences) {
    for (const word of sentence.split(/\s+/).slice(1)) {
      if (/^["“‘'(]?\p{Lu}/u.test(word)) for (const stem of contentStems(word)) names.add(stem);
    }
  }
  return names;
}

/** TF-IDF vectors (sublinear term frequency) of title + lead, weighted by `idf` of each stem. */
export function termVectors(texts: StoryText[], idf: (stem: string) => number): TermVector[] {
  return texts.map(({ title, lead }) => {
    const counts = new Map<string, number>();
    for (const stem of contentStems(title)) counts.set(stem, (counts.get(stem) ?? 0) + TITLE_WEIGHT);
    for (const stem of contentStems(lead)) counts.set(stem, (counts.get(stem) ?? 0) + 1);
    const vector: TermVector = new Map();
    for (const [stem, count] of counts) vector.set(stem, (1 + Math.log(count)) * idf(stem));
    const norm = Math.hypot(...vector.values());
    if (norm > 0) for (const [stem, weight] of vector) vector.set(stem, weight / norm);
    return vector;
  });
}

/** The key of pair (i, j) among `size` items, whichever order they come in. */
export function pairKey(size: number, i: number, j: number): number {
  return i < j ? i * size + j : j * size + i;
}

/** Whether pair (i, j), this alike, may start a story. */
export type SeedTest = (i: number, j: number, similarity: number) => boolean;

function graphOf(size: number, pairs: Map<number, number>, canSeed: SeedTest): SimilarityGraph {
  return {
    size,
    similarity: (i, j) => (i === j ? 1 : (pairs.get(pairKey(size, i, j)) ?? 0)),
    pairsAtLeast(threshold) {
      return [...pairs]
        .filter(([key, value]) => value >= threshold && canSeed(Math.floor(key / size), key % size, value))
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .map(([key]) => [Math.floor(key / size), key % size]);
    },
  };
}

/** Pairs (i, j) sharing a term, each term visited once: the work of an inverted index. */
function forEachSharedTerm(vectors: TermVector[], visit: (stem: string, i: number, j: number, product: number) => void): void {
  const postings = new Map<string, { item: number; weight: number }[]>();
  vectors.forEach((vector, item) => {
    for (const [stem, weight] of vector) {
      const list = postings.get(stem);
      if (list) list.push({ item, weight });
      else postings.set(stem, [{ item, weight }]);
    }
  });
  for (const [stem, list] of postings) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) visit(stem, list[a]!.item, list[b]!.item, list[a]!.weight * list[b]!.weight);
    }
  }
}

/**
 * The pairs that may seed a story: those sharing an anchor stem (`isAnchor` decides, knowing the pair).
 * Formulaic reports (bond issues, results tables) share many words but no name, and are different stories.
 */
export function anchoredPairs(vectors: TermVector[], isAnchor: (stem: string, i: number, j: number) => boolean): Set<number> {
  const anchored = new Set<number>();
  forEachSharedTerm(vectors, (stem, i, j) => {
    if (isAnchor(stem, i, j)) anchored.add(pairKey(vectors.length, i, j));
  });
  return anchored;
}

/** Cosine similarities of term vectors; only texts sharing a stem are compared. */
export function termSimilarities(vectors: TermVector[], canSeed: SeedTest): SimilarityGraph {
  const sums = new Map<number, number>();
  forEachSharedTerm(vectors, (_, i, j, product) => {
    const key = pairKey(vectors.length, i, j);
    sums.set(key, (sums.get(key) ?? 0) + product);
  });
  for (const [key, value] of sums) if (value < SIMILARITY_FLOOR) sums.delete(key);
  return graphOf(vectors.length, sums, canSeed);
}

/** Cosine similarities of unit-length dense vectors. */
export function vectorSimilarities(vectors: Float32Array[], canSeed: SeedTest): SimilarityGraph {
  const size = vectors.length;
  const pairs = new Map<number, number>();
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const a = vectors[i]!;
      const b = vectors[j]!;
      let dot = 0;
      for (let k = 0; k < a.length; k++) dot += a[k]! * b[k]!;
      if (dot >= SIMILARITY_FLOOR) pairs.set(pairKey(size, i, j), dot);
    }
  }
  return graphOf(size, pairs, canSeed);
}
