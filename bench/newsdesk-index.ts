/** Builds newsdesk indexes of benchmark documents through the product's own article writer. */
import type { ParsedArticle } from "../src/articles/types";
import type { Embedder } from "../src/embeddings";
import { createArticleWriter } from "../src/ingest/article-writer";
import type { Passage } from "../src/retrieval";
import { openStore, type Store } from "../src/store";

/** A document of a benchmark collection, stored as one article. */
export interface BenchDocument {
  id: string;
  title: string;
  text: string;
  published?: string | null;
  source?: string | null;
}

/** Any fixed instant: ingestion time plays no part in ranking. */
const INGESTED_AT = new Date("2026-01-01T00:00:00Z");

function toParsedArticle(document: BenchDocument): ParsedArticle {
  return {
    id: document.id,
    title: document.title,
    text: document.text,
    url: null,
    published: document.published ?? null,
    source: document.source ?? null,
    author: null,
    path: `/bench/${document.id}`,
  };
}

/** Chunks, embeds (when an embedder is given) and stores every document, as `ingest` would. */
export async function buildIndex(dir: string, documents: readonly BenchDocument[], embedder: Embedder | null): Promise<Store> {
  const store = openStore(dir);
  const writer = createArticleWriter(store, embedder, () => INGESTED_AT);
  for (const document of documents) await writer.add(toParsedArticle(document));
  await writer.flush();
  return store;
}

/** Article ids in the order their first passage appears: chunk-level results judged at article (passage) level. */
export function rankedArticleIds(passages: readonly Passage[]): string[] {
  return [...new Set(passages.map((passage) => passage.article.id))];
}
