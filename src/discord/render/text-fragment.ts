/**
 * How many words of the quote a text fragment names. Enough to be unique on a news page, few enough to
 * survive differences between the stored text and the page (a later sentence edit, a line break the page adds).
 */
const FRAGMENT_WORDS = 6;

/** Percent-encodes a text directive value: encodeURIComponent leaves `-` (directive syntax) and `!'()*` alone. */
function encodeTextDirective(text: string): string {
  return encodeURIComponent(text).replace(/[-!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The article url with a text fragment (`#:~:text=`) of the quote's first words, so browsers that support it
 * open the page scrolled to the quote; others ignore it. Parentheses and spaces are encoded so the url can sit
 * in a markdown link. Null for a url that is not http(s).
 */
export function textFragmentUrl(url: string | null, quote: string): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  const words = quote.trim().split(/\s+/).slice(0, FRAGMENT_WORDS).join(" ").replace(/[\s,;:–—-]+$/u, "");
  const base = url.replace(/[()\s]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  if (!words) return base;
  return `${base}${base.includes("#") ? "" : "#"}:~:text=${encodeTextDirective(words)}`;
}
