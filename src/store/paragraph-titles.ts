import { paragraphKey } from "../articles/paragraphs";
import { prepared } from "./prepared";
import type { Store } from "./types";

/** A paragraph to look for in one outlet's articles. */
export interface ParagraphLookup {
  paragraph: string;
  /** The article the paragraph was read in: it prints it, and is not read again. */
  articleRowid: number;
  /** The outlet (an article's `source`); null looks among the articles of no known outlet. */
  source: string | null;
  /**
   * A sentence of the paragraph, which one chunk holds whole wherever the paragraph is printed (chunks never cut a
   * sentence): the chunks holding its longest words are found in the full-text index, and their articles read.
   */
  sentence: string;
}

/**
 * How many of the sentence's words find the chunks: the longest, which are the rarest as a rule. Measured
 * 2026-11-30 on the news quiz's dev index (42,690 chunks), for the paragraphs of 150 questions' best sentences:
 * a phrase of the sentence's first 12 words took 0.9 ms (p95 5 ms), most of it reading the posting lists of
 * common words; its 4 longest words took 0.24 ms (p95 0.6 ms) and found 1 chunk of the same outlet (p95 5).
 */
const LOOKUP_WORDS = 4;
/**
 * The outlet's articles read at most per lookup. A paragraph printed under three titles is found among the first
 * few; a sentence whose longest words are all common stops here, counted as far as it got.
 */
const MAX_ARTICLES_READ = 200;

/** The FTS5 expression for the chunks holding all of a sentence's longest words (quoted: "AND" is a word here), or null. */
function longestWordsExpression(sentence: string): string | null {
  const words = [...new Set(sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].sort((a, b) => b.length - a.length).slice(0, LOOKUP_WORDS);
  return words.length > 0 ? `body : (${words.map((word) => `"${word}"`).join(" AND ")})` : null;
}

/**
 * True when `text` has a paragraph of its own whose paragraphKey is `key`. Only paragraphs of about the key's
 * length are normalised: normalising shortens a paragraph by its punctuation alone.
 */
function printsParagraph(text: string, key: string): boolean {
  return text.split("\n\n").some((paragraph) => paragraph.length >= key.length * 0.9 && paragraph.length <= key.length * 2 + 20 && paragraphKey(paragraph) === key);
}

/**
 * How many differently titled articles of the outlet print the paragraph as a paragraph of their own (compared as
 * paragraphKeys), counting up to `enough`: a paragraph an outlet prints under many headlines is its furniture
 * (a promo line, a newsletter blurb), not news. Read at answer time, so a copy ingested later counts at once.
 */
export function countTitlesPrinting(store: Store, lookup: ParagraphLookup, enough: number): number {
  const expression = longestWordsExpression(lookup.sentence);
  // No word to find other copies by: only the article it was read in is known to print it.
  if (expression === null) return 1;
  const key = paragraphKey(lookup.paragraph);
  // Titles first, texts only where needed: a text is the bulk of an article's row.
  const articles = prepared(
    store.db,
    `SELECT DISTINCT a.rowid AS rowid, a.title AS title
     FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid JOIN articles a ON a.rowid = c.article_rowid
     WHERE chunks_fts MATCH ? AND a.source IS ? LIMIT ?`,
  ).all(expression, lookup.source, MAX_ARTICLES_READ) as { rowid: number; title: string }[];
  const readText = prepared(store.db, "SELECT text FROM articles WHERE rowid = ?").pluck();
  const titles = new Set<string>();
  for (const { rowid, title } of articles) {
    if (titles.has(title) || (rowid !== lookup.articleRowid && !printsParagraph(readText.get(rowid) as string, key))) continue;
    titles.add(title);
    if (titles.size >= enough) break;
  }
  return titles.size;
}
