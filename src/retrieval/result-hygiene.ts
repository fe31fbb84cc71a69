import { wordsOf } from "./parse-query";
import type { Passage } from "./types";

const NEAR_DUPLICATE_JACCARD = 0.8;

/** 2^26: two ids below it make a key below 2^52, which a double holds exactly. */
const ID_RANGE = 2 ** 26;

/**
 * Ids of the words and word pairs met in one clean-up. Shingles are numbers built from them rather than joined
 * strings: building and hashing the strings was 70 of the 95 µs a chunk's shingles took (100k-chunk corpus,
 * 2026-11-30), 8% of a keyword search. Ids stay far below ID_RANGE: a clean-up reads at most a few hundred chunks.
 */
class ShingleIds {
  private readonly words = new Map<string, number>();
  private readonly pairs = new Map<number, number>();

  word(word: string): number {
    let id = this.words.get(word);
    if (id === undefined) {
      id = this.words.size;
      this.words.set(word, id);
    }
    return id;
  }

  /** One number per sequence of three word ids, exact while the ids are below ID_RANGE. */
  shingle(first: number, second: number, third: number): number {
    const pairKey = first * ID_RANGE + second;
    let pair = this.pairs.get(pairKey);
    if (pair === undefined) {
      pair = this.pairs.size;
      this.pairs.set(pairKey, pair);
    }
    return pair * ID_RANGE + third;
  }
}

function shingles(text: string, ids: ShingleIds): Set<number> {
  const words = wordsOf(text);
  const wordIds = words.map((word) => ids.word(word));
  const result = new Set<number>();
  for (let i = 0; i + 2 < wordIds.length; i++) result.add(ids.shingle(wordIds[i]!, wordIds[i + 1]!, wordIds[i + 2]!));
  // A text of under three words is one shingle of itself; negative, so that it never equals a three-word one.
  if (result.size === 0) result.add(-1 - ids.word(words.join(" ")));
  return result;
}

/** The share of the items either set holds that both hold. */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  return shared / (a.size + b.size - shared || 1);
}

/**
 * The first `limit` passages, best first, that neither repeat a better-ranked passage almost word for word
 * (syndicated copies that differ slightly) nor exceed `perArticle` passages of one article (so one long article
 * cannot crowd out the rest). It stops as soon as it has `limit`: comparing all 100 candidates with each other
 * took 19 of a keyword search's 22 ms (1,800 SQuAD paragraphs, 2026-11-22).
 */
export function cleanUpPassages(passages: Iterable<Passage>, limit: number, perArticle: number): Passage[] {
  // A passage dropped for its article's cap still hides its near-duplicates, as collapsing before capping would.
  const distinct: Set<number>[] = [];
  const ids = new ShingleIds();
  const perArticleCounts = new Map<number, number>();
  const kept: Passage[] = [];
  if (limit <= 0) return kept;
  // The check comes last, so that a lazy sequence is not asked for a passage more than needed.
  for (const passage of passages) {
    const own = shingles(passage.chunk.text, ids);
    if (distinct.some((other) => jaccard(own, other) >= NEAR_DUPLICATE_JACCARD)) continue;
    distinct.push(own);
    const count = perArticleCounts.get(passage.article.rowid) ?? 0;
    perArticleCounts.set(passage.article.rowid, count + 1);
    if (count < perArticle) kept.push(passage);
    if (kept.length >= limit) break;
  }
  return kept;
}
