import { paragraphKey } from "../articles/paragraphs";
import { prepared } from "./prepared";
import type { Store } from "./types";

/** A paragraph to look for in one outlet's articles. */
export interface ParagraphLookup {
  paragraph: string;
  /** The outlet (an article's `source`); null looks among the articles of no known outlet. */
  source: string | null;
  /**
   * Words of the paragraph that one chunk holds whole wherever the paragraph is printed (its first sentence; chunks
   * never cut a sentence): the full-text index finds the chunks by them, and the articles found are then read.
   */
  phrase: string;
}

/**
 * Words of the phrase looked up. Enough to find few chunks besides the copies (the rest of the paragraph is
 * compared in the articles' text), and few enough that a phrase reads few posting lists.
 */
const PHRASE_WORDS = 12;

/** The FTS5 phrase of a text's first words in the body column, or null when it has none: letters and digits only, so never an operator. */
function bodyPhrase(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu)?.slice(0, PHRASE_WORDS);
  return words ? `body : "${words.join(" ")}"` : null;
}

/**
 * How many differently titled articles of the outlet print the paragraph as a paragraph of their own (compared as
 * `paragraphKey`s), counting up to `enough`: a paragraph an outlet prints under many headlines is its furniture
 * (a promo line, a newsletter blurb), not news. Read at answer time, so a copy ingested later counts at once.
 */
export function countTitlesPrinting(store: Store, lookup: ParagraphLookup, enough: number): number {
  const phrase = bodyPhrase(lookup.phrase);
  if (phrase === null) return 0;
  const key = paragraphKey(lookup.paragraph);
  const rows = prepared(
    store.db,
    `SELECT a.rowid AS rowid, a.title AS title, a.text AS text
     FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid JOIN articles a ON a.rowid = c.article_rowid
     WHERE chunks_fts MATCH ? AND a.source IS ?`,
  ).iterate(phrase, lookup.source) as IterableIterator<{ rowid: number; title: string; text: string }>;
  const read = new Set<number>();
  const titles = new Set<string>();
  for (const { rowid, title, text } of rows) {
    // Consecutive chunks of an article share a sentence: both find it.
    if (read.has(rowid) || titles.has(title)) continue;
    read.add(rowid);
    if (!text.split("\n\n").some((paragraph) => paragraphKey(paragraph) === key)) continue;
    titles.add(title);
    if (titles.size >= enough) break;
  }
  return titles.size;
}
