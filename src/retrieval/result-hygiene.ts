import { wordsOf } from "./parse-query";
import type { Passage } from "./types";

const NEAR_DUPLICATE_JACCARD = 0.8;

function shingles(text: string): Set<string> {
  const words = wordsOf(text);
  const result = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) result.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  if (result.size === 0) result.add(words.join(" "));
  return result;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  return shared / (a.size + b.size - shared || 1);
}

/** Drops passages that repeat a better-ranked one almost word for word (syndicated copies that differ slightly). */
export function collapseNearDuplicates(passages: Passage[]): Passage[] {
  const kept: { passage: Passage; shingles: Set<string> }[] = [];
  for (const passage of passages) {
    const own = shingles(passage.chunk.text);
    if (kept.some((other) => jaccard(own, other.shingles) >= NEAR_DUPLICATE_JACCARD)) continue;
    kept.push({ passage, shingles: own });
  }
  return kept.map(({ passage }) => passage);
}

/** Keeps at most `limit` passages of any one article, so one long article cannot crowd out the rest. */
export function limitPerArticle(passages: Passage[], limit: number): Passage[] {
  const counts = new Map<number, number>();
  return passages.filter((passage) => {
    const count = counts.get(passage.article.rowid) ?? 0;
    counts.set(passage.article.rowid, count + 1);
    return count < limit;
  });
}
