/**
 * Nesting depth beyond which a page is refused. Readability's time grows with the square of the depth
 * (measured 2026-11-30 on the shared 2-core box: 100 levels 0.7 s, 300 levels 2.3 s, 1,000 levels 53 s);
 * real article pages nest 20-40 levels.
 */
export const MAX_HTML_DEPTH = 128;
/**
 * Elements beyond which a page is refused: parsing alone took 10 s for 200,000 (6 MB, same box); a heavy
 * news page has 5,000-15,000. Also Readability's `maxElemsToParse`.
 */
export const MAX_HTML_ELEMENTS = 50_000;

/** Elements that never contain others. */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
/** Elements whose end tag may be left out: the parser closes them at the next sibling, so they do not nest. */
const OPTIONAL_END = new Set(["p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp"]);
/** Elements whose content is text up to their end tag. */
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "noscript", "iframe", "noembed", "noframes"]);

const TAG_NAME = /^<(\/?)([a-zA-Z][^\s/>]*)/;

/**
 * The deepest element nesting and the number of elements in an HTML string, by one linear scan of its tags
 * (no DOM is built, nothing recurses), so hostile markup is measured before any parser sees it.
 */
export function measureHtml(html: string): { depth: number; elements: number } {
  let depth = 0;
  let deepest = 0;
  let elements = 0;
  let at = html.indexOf("<");
  while (at !== -1) {
    if (html.startsWith("<!--", at)) {
      const end = html.indexOf("-->", at + 4);
      if (end === -1) break;
      at = html.indexOf("<", end + 3);
      continue;
    }
    const close = html.indexOf(">", at + 1);
    if (close === -1) break;
    const tag = TAG_NAME.exec(html.slice(at, Math.min(close + 1, at + 64)));
    let next = close + 1;
    if (tag) {
      const name = tag[2]!.toLowerCase();
      const isEnd = tag[1] === "/";
      if (isEnd) {
        if (!VOID.has(name) && !OPTIONAL_END.has(name)) depth = Math.max(depth - 1, 0);
      } else {
        elements += 1;
        const selfClosing = html[close - 1] === "/";
        if (RAW_TEXT.has(name)) {
          const endTag = new RegExp(`</${name}`, "gi");
          endTag.lastIndex = close + 1;
          const end = endTag.exec(html);
          if (!end) break;
          next = end.index + name.length + 2;
        } else if (!VOID.has(name) && !OPTIONAL_END.has(name) && !selfClosing) {
          depth += 1;
          deepest = Math.max(deepest, depth);
        }
      }
    }
    at = html.indexOf("<", next);
  }
  return { depth: deepest, elements };
}

/** Why a page is refused before parsing, or null when it is within the limits. */
export function htmlOverLimits(html: string): string | null {
  const { depth, elements } = measureHtml(html);
  if (depth > MAX_HTML_DEPTH) return `HTML nested ${depth} levels deep, over the ${MAX_HTML_DEPTH}-level limit`;
  if (elements > MAX_HTML_ELEMENTS) return `HTML has ${elements.toLocaleString("en")} elements, over the ${MAX_HTML_ELEMENTS.toLocaleString("en")}-element limit`;
  return null;
}
