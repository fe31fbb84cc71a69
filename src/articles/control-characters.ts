import type { ParsedArticle } from "./types";

/**
 * C0 controls but newline and tab (ESC starts terminal escape sequences), DEL, C1 controls (U+009B is a
 * one-character CSI), and the bidi overrides and isolates that make text display in another order
 * than it reads (U+202A-U+202E, U+2066-U+2069).
 */
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** The text without control characters and bidi overrides, which no article needs and a terminal or chat would act on. */
export function dropControlCharacters(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, "");
}

/** An article's text fields without control characters, as stored: nothing downstream sees them. */
export function withoutControlCharacters(article: ParsedArticle): ParsedArticle {
  const clean = (value: string | null) => (value === null ? null : dropControlCharacters(value));
  return {
    ...article,
    title: dropControlCharacters(article.title),
    text: dropControlCharacters(article.text),
    url: clean(article.url),
    source: clean(article.source),
    author: clean(article.author),
  };
}
