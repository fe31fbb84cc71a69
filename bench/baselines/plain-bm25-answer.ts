/**
 * The floor for answer accuracy: plain BM25's top document, and the sentence of it that shares the most
 * IDF-weighted query words. It always answers, right or wrong.
 */
import { createPlainBm25, tokenizePlain, type PlainBm25Document } from "./plain-bm25";

export interface PlainBm25AnswerDocument extends PlainBm25Document {
  /** The text sentences are quoted from (`text` is what gets indexed, e.g. title and body). */
  body: string;
}

export interface PlainBm25Answer {
  documentId: string;
  sentence: string;
  /** The best `depth` documents, best first (the first is `documentId`). */
  ranked: string[];
}

const SENTENCE_END = /(?<=[.!?])\s+/;

export function createPlainBm25Answerer(documents: readonly PlainBm25AnswerDocument[]): (question: string, depth?: number) => PlainBm25Answer | null {
  const index = createPlainBm25(documents);
  const byId = new Map(documents.map((document) => [document.id, document]));
  const documentFrequency = new Map<string, number>();
  for (const document of documents) {
    for (const token of new Set(tokenizePlain(document.text))) documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
  }
  const idf = (token: string) => Math.log(1 + (documents.length + 0.5) / ((documentFrequency.get(token) ?? 0) + 0.5));

  return (question, depth = 1) => {
    const hits = index.search(question, Math.max(depth, 1));
    const top = hits[0];
    if (!top) return null;
    const questionTokens = new Set(tokenizePlain(question));
    let best = { sentence: "", score: -1 };
    for (const sentence of byId.get(top.id)!.body.split(SENTENCE_END)) {
      let score = 0;
      for (const token of new Set(tokenizePlain(sentence))) if (questionTokens.has(token)) score += idf(token);
      if (score > best.score) best = { sentence, score };
    }
    return { documentId: top.id, sentence: best.sentence, ranked: hits.map((hit) => hit.id) };
  };
}
