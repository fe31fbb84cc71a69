/** A verbatim sentence of an article's lead (whitespace collapsed), so `article.text` contains it. */
export interface DigestQuote {
  text: string;
  articleId: string;
}

export interface DigestArticle {
  articleId: string;
  title: string;
  url: string | null;
  published: string | null;
  source: string | null;
}

/** One story: the articles of the window that tell it, headed by the title of the most representative one. */
export interface DigestItem {
  headline: string;
  quotes: DigestQuote[];
  articles: DigestArticle[];
}

/** The `digest --json` shape of CONTRACT.md, plus what the renderers need. */
export interface Digest {
  from: string;
  to: string;
  items: DigestItem[];
  /** Stories of the window left out by the cap; not part of the JSON contract. */
  moreStories: number;
}

/**
 * The instants [from, to) a digest covers. Date-only articles (`published` = `YYYY-MM-DD`) count as published
 * at the end of their calendar day in `timeZone`, so each lands in exactly one of consecutive windows.
 */
export interface DigestWindow {
  from: string;
  to: string;
  timeZone: string;
}
