/**
 * Synthetic but realistic text for the scale runs: Reuters stories repeated with perturbations (so copies are
 * distinct articles that share a vocabulary and a shape), chunked by the product's chunker.
 */
import { chunkArticle } from "../src/chunking/chunk-article";
import type { Chunk } from "../src/chunking/types";
import { contentHashOf, textHashOf } from "../src/ingest/article-writer";
import type { ArticleRecord } from "../src/store";
import type { ReutersStory } from "./datasets/reuters";

export interface SyntheticArticle {
  record: ArticleRecord;
  chunks: Chunk[];
}

/** Share of words swapped for another word of the corpus in every copy after the first. */
const WORD_SWAP_RATE = 0.15;
/** Share of digits redrawn, so figures differ between copies. */
const DIGIT_SWAP_RATE = 0.5;
const WEEK_MS = 7 * 86_400_000;
const INGESTED_AT = "2026-01-01T00:00:00.000Z";

function perturb(text: string, random: () => number, words: readonly string[]): string {
  return text.replace(/[A-Za-z]+|\d/g, (token) => {
    if (/\d/.test(token)) return random() < DIGIT_SWAP_RATE ? String(Math.floor(random() * 10)) : token;
    return random() < WORD_SWAP_RATE ? words[Math.floor(random() * words.length)]! : token;
  });
}

/**
 * An endless stream of articles: the stories verbatim first, then copy after copy of them, each copy with 15% of
 * its words replaced by words drawn from the corpus (so by their frequency), half its digits redrawn and its date
 * moved by a week per round. The corpus's word list is built before the first article is asked for.
 */
export function syntheticArticles(stories: readonly ReutersStory[], random: () => number): Iterator<SyntheticArticle, never> {
  if (stories.length === 0) throw new Error("a synthetic corpus needs at least one story");
  const words = stories.flatMap((story) => story.text.match(/[A-Za-z]+/g) ?? []);
  return generate(stories, random, words);
}

function* generate(stories: readonly ReutersStory[], random: () => number, words: readonly string[]): Generator<SyntheticArticle, never> {
  for (let round = 0; ; round++) {
    for (const story of stories) {
      const title = round === 0 ? story.title : perturb(story.title, random, words);
      const text = round === 0 ? story.text : perturb(story.text, random, words);
      const id = round === 0 ? story.id : `${story.id}~${round}`;
      const article = {
        id,
        title,
        text,
        url: `https://bench.invalid/${id}`,
        published: new Date(Date.parse(story.published) + round * WEEK_MS).toISOString(),
        source: story.source,
        author: null,
        path: `/bench/synthetic/${id}.json`,
      };
      yield {
        record: { article, contentHash: contentHashOf(article), textHash: textHashOf(text), ingestedAt: INGESTED_AT },
        chunks: chunkArticle(text),
      };
    }
  }
}
