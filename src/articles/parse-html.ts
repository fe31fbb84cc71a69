import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { articleId } from "./article-id";
import { findDate, normaliseIsoDate } from "./dates";
import { htmlOverLimits, MAX_HTML_ELEMENTS } from "./measure-html";
import { outletFromUrl } from "./outlet-names";
import { normaliseLine } from "./paragraphs";
import { dropTrailingLinkLists, stripBoilerplate, type SourceLine } from "./strip-boilerplate";
import type { ArticleOutcome } from "./types";

/** The part of the DOM read here; linkedom provides it (the project's tsconfig has no DOM lib). */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
}
interface DomDocument {
  title: string;
  body: DomNode | null;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const BLOCKS = new Set([
  "address", "article", "blockquote", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "tr", "ul",
]);
/** Never article text: media and their captions, page chrome, widgets. */
const SKIPPED = new Set([
  "aside", "audio", "button", "figcaption", "figure", "footer", "form", "iframe", "nav", "noscript",
  "picture", "script", "select", "style", "svg", "template", "video",
]);

/**
 * The lines of an element's text, blocks separated by blank lines and `<br>` ending a line, so
 * paragraphs survive (Readability's own textContent runs them together).
 */
function textLines(root: DomNode): SourceLine[] {
  const lines: SourceLine[] = [];
  let text = "";
  let linkText = "";
  const endLine = (paragraphBreak: boolean) => {
    const line = normaliseLine(text);
    if (line) lines.push({ text: line, isLinkOnly: normaliseLine(linkText).length === line.length });
    if (paragraphBreak && lines.length > 0 && lines.at(-1)!.text !== "") lines.push({ text: "", isLinkOnly: false });
    text = "";
    linkText = "";
  };
  // Walked with a stack, not recursion: nesting depth costs memory, never the call stack.
  type Step = { node: DomNode; inLink: boolean } | { blockEnd: true };
  const stack: Step[] = [{ node: root, inLink: false }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ("blockEnd" in step) {
      endLine(true);
      continue;
    }
    const { node, inLink } = step;
    if (node.nodeType === TEXT_NODE) {
      text += node.textContent ?? "";
      if (inLink) linkText += node.textContent ?? "";
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const tag = node.nodeName.toLowerCase();
    if (SKIPPED.has(tag)) continue;
    if (tag === "br") {
      endLine(false);
      continue;
    }
    const isBlock = BLOCKS.has(tag);
    if (isBlock) {
      endLine(true);
      stack.push({ blockEnd: true });
    }
    const children = Array.from(node.childNodes);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, inLink: inLink || tag === "a" });
  }
  endLine(true);
  return lines;
}

function attribute(document: DomDocument, selectors: string, name: string): string | null {
  for (const element of Array.from(document.querySelectorAll(selectors))) {
    const value = element.getAttribute(name)?.trim();
    if (value) return value;
  }
  return null;
}

function metaContent(document: DomDocument, ...keys: string[]): string | null {
  return attribute(document, keys.map((key) => `meta[property="${key}"], meta[name="${key}"], meta[itemprop="${key}"]`).join(", "), "content");
}

/** What the page's JSON-LD says of the article: the first news-article object's fields, then any `datePublished`. */
interface JsonLdArticle {
  headline: string | null;
  publisher: string | null;
  dates: string[];
}

const ARTICLE_TYPE = /^(?:\w+)?(?:NewsArticle|Article|BlogPosting|Report)$/;

/** Reads the page's JSON-LD blocks (which may nest objects in arrays and `@graph`). */
function jsonLdArticle(document: DomDocument): JsonLdArticle {
  const found: JsonLdArticle = { headline: null, publisher: null, dates: [] };
  let articleSeen = false;
  const text = (value: unknown) => (typeof value === "string" && normaliseLine(value)) || null;
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(collect);
    if (!value || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    const types = [record["@type"]].flat().filter((type): type is string => typeof type === "string");
    if (!articleSeen && types.some((type) => ARTICLE_TYPE.test(type))) {
      articleSeen = true;
      found.headline = text(record.headline);
      const publisher = [record.publisher].flat()[0];
      found.publisher = text(publisher && typeof publisher === "object" ? (publisher as Record<string, unknown>).name : publisher);
      if (typeof record.datePublished === "string") found.dates.unshift(record.datePublished);
    } else if (typeof record.datePublished === "string") {
      found.dates.push(record.datePublished);
    }
    collect(record["@graph"]);
  };
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      collect(JSON.parse(script.textContent ?? ""));
    } catch {
      // A broken JSON-LD block is the page's problem; the other sources of the date remain.
    }
  }
  return found;
}

/** The page's own headline when it has exactly one `<h1>` (several mean the logo or section names use it too). */
function singleHeading(document: DomDocument): string | null {
  const headings = Array.from(document.querySelectorAll("h1"));
  return headings.length === 1 ? normaliseLine(headings[0]!.textContent ?? "") || null : null;
}

function absoluteUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * An article from an HTML page: metadata from its JSON-LD `NewsArticle` (headline, date, publisher) first, then
 * its single `<h1>`, Open Graph, `article:published_time`, `<time datetime>` and the canonical link, text from Mozilla Readability's pick of the main
 * content, split into paragraphs and stripped of furniture like any scraped text.
 */
export function parseHtmlArticle(html: string, path: string): ArticleOutcome {
  const overLimits = htmlOverLimits(html);
  if (overLimits) return { error: `${overLimits}; not parsed` };
  const document = parseHTML(html).document as unknown as DomDocument;
  // Read before Readability, which rewrites the document it is given.
  const url = absoluteUrl(attribute(document, 'link[rel="canonical"]', "href")) ?? absoluteUrl(metaContent(document, "og:url"));
  const jsonLd = jsonLdArticle(document);
  const dateCandidates = [
    ...jsonLd.dates.slice(0, 1),
    metaContent(document, "article:published_time", "datePublished"),
    attribute(document, "time[datetime]", "datetime"),
    ...jsonLd.dates.slice(1),
  ];
  // og:title is often a headline written for social media; the page's own headline comes first.
  const pageHeadline = jsonLd.headline ?? singleHeading(document);
  const ogTitle = metaContent(document, "og:title");
  const siteName = metaContent(document, "og:site_name");
  const metaAuthor = metaContent(document, "author", "article:author");
  const documentTitle = document.title;

  const readable = new Readability<DomNode>(document, { serializer: (node: DomNode) => node, maxElemsToParse: MAX_HTML_ELEMENTS }).parse();
  const title = normaliseLine(pageHeadline ?? ogTitle ?? readable?.title ?? documentTitle ?? "");
  if (!title) return { error: "no title: the page has no <title>, og:title or headline" };

  const content = readable?.content ?? document.body;
  const paragraphs = content ? stripBoilerplate(dropTrailingLinkLists(textLines(content)), title) : [];
  if (paragraphs.length === 0) return { error: "no article text found in the page" };

  const published =
    [...dateCandidates, readable?.publishedTime]
      .filter((value): value is string => Boolean(value))
      .map((value) => normaliseIsoDate(value) ?? findDate(value)?.date ?? null)
      .find((value) => value !== null) ?? null;
  const byline = readable?.byline?.replace(/^by\s+/i, "").trim() || metaAuthor;
  return {
    article: {
      id: articleId({ url, path }),
      title,
      text: paragraphs.join("\n\n"),
      url,
      published,
      source: jsonLd.publisher ?? siteName ?? outletFromUrl(url) ?? (readable?.siteName || null),
      author: byline || null,
      path,
    },
  };
}
