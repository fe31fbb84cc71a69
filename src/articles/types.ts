/** An article as it arrives in a `.json`/`.jsonl` file (see CONTRACT.md). */
export interface ArticleInput {
  id?: string;
  title: string;
  text: string;
  url?: string | null;
  published?: string | null;
  source?: string | null;
  author?: string | null;
}

/** An article after parsing and cleaning: `text` is the clean body that gets chunked, quoted and hashed. */
export interface ParsedArticle {
  /** Stable id: the given `id`, else derived from the url, else from the file path. */
  id: string;
  title: string;
  text: string;
  url: string | null;
  /** ISO 8601: `YYYY-MM-DD` or a full date-time. */
  published: string | null;
  /** The outlet, e.g. "The Moscow Times". */
  source: string | null;
  author: string | null;
  /** The file the article came from (absolute path); null for articles that did not come from a file (feeds). */
  path: string | null;
}

/** What reading one file produced: its articles, or one line saying why it could not be read. */
export type FileReadResult =
  | { path: string; articles: ParsedArticle[]; failed: FailedArticle[] }
  | { path: string; error: string };

/** A part of a readable file that could not become an article (e.g. one bad line of a `.jsonl`). */
export interface FailedArticle {
  path: string;
  reason: string;
}

/** What parsing one article produced: the article, or one line saying why it is not one. */
export type ArticleOutcome = { article: ParsedArticle } | { error: string };
