import { stemmer } from "stemmer";
import { STOP_WORDS } from "./stop-words";

/** Longer questions are cut for retrieval, never rejected. */
const MAX_TERMS = 32;

export interface QueryTerm {
  /** The word as typed, lowercased. */
  word: string;
  /** Its porter stem, as FTS5's porter tokenizer stores it. */
  stem: string;
}

export interface ParsedQuery {
  terms: QueryTerm[];
  /** A safe FTS5 MATCH expression (every term quoted, OR-ed), or null when nothing is searchable. */
  matchExpression: string | null;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export function wordsOf(text: string): string[] {
  return (text.normalize("NFKC").toLowerCase().match(WORD) ?? []).map((word) => word.replace(/['’]s$/, "").replace(/’/g, "'"));
}

export function stemOf(word: string): string {
  return stemmer(word.normalize("NFD").replace(/\p{M}/gu, ""));
}

/**
 * Turns free text into query terms. Operators, quotes, `-`, `:`, `*`, NEAR and emoji can't reach FTS5:
 * only letter/digit runs survive, each quoted as a literal string.
 */
export function parseQuery(text: string): ParsedQuery {
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  for (const word of wordsOf(text)) {
    if (STOP_WORDS.has(word) || word.length > 40) continue;
    const stem = stemOf(word);
    if (seen.has(stem)) continue;
    seen.add(stem);
    terms.push({ word, stem });
    if (terms.length === MAX_TERMS) break;
  }
  const matchExpression = terms.length ? terms.map((term) => `"${term.word.replace(/"/g, '""')}"`).join(" OR ") : null;
  return { terms, matchExpression };
}
