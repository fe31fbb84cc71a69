import { createRequire } from "node:module";
import type * as fxp from "fast-xml-parser";
import { normaliseIsoDate } from "../articles/dates";

/** A document that is not a readable RSS or Atom feed; the message is the one line /sources shows. */
export class FeedFormatError extends Error {}

/**
 * One RSS item or Atom entry as the feed states it. Text fields are HTML: feeds put escaped markup and
 * character references even in titles, so every field is turned into text the same way later.
 */
export interface FeedItem {
  /** RSS `guid` or Atom `id`. */
  guid: string | null;
  titleHtml: string | null;
  /** Absolute url of the item's page. */
  link: string | null;
  /** ISO 8601 (UTC instant, or a date). */
  published: string | null;
  author: string | null;
  /** RSS `description`, Atom `summary`. */
  summaryHtml: string | null;
  /** RSS `content:encoded`, Atom `content`. */
  contentHtml: string | null;
}

export interface ParsedFeed {
  titleHtml: string | null;
  /** The site the feed belongs to. */
  link: string | null;
  items: FeedItem[];
}

type XmlNode = Record<string, unknown>;

const REPEATED = new Set(["item", "entry", "link", "author", "dc:creator"]);

// fast-xml-parser loads with the first feed parsed, not with the app: a bot or console without feeds never needs it.
const require = createRequire(import.meta.url);

interface XmlParsers {
  feed: fxp.XMLParser;
  fragment: fxp.XMLParser;
  validator: typeof fxp.XMLValidator;
}

let parsers: XmlParsers | undefined;

function xmlParsers(): XmlParsers {
  if (parsers) return parsers;
  const { XMLParser, XMLValidator } = require("fast-xml-parser") as typeof fxp;
  parsers = {
    feed: new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@_",
      parseTagValue: false,
      parseAttributeValue: false,
      isArray: (name) => REPEATED.has(name),
      // Kept raw: XHTML content, and HTML a feed forgot to escape in an RSS description, is markup that object
      // conversion would reorder or drop ("submitted by <a>user</a> to <a>r/news</a>" would become "submitted byto").
      stopNodes: [
        "feed.entry.content",
        "feed.entry.summary",
        "rss.channel.item.description",
        "rss.channel.item.content:encoded",
        "rdf:RDF.item.description",
        "rdf:RDF.item.content:encoded",
      ],
    }),
    fragment: new XMLParser({ parseTagValue: false, trimValues: false }),
    validator: XMLValidator,
  };
  return parsers;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The text of an element that may carry attributes (then its text is under `#text`). */
function textOf(value: unknown): string | null {
  const text = isNode(value) ? value["#text"] : value;
  if (typeof text !== "string") return null;
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}

function attributeOf(value: unknown, name: string): string | null {
  const attribute = isNode(value) ? value[`@_${name}`] : undefined;
  return typeof attribute === "string" ? attribute.trim() : null;
}

function absoluteUrl(href: string | null, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** An RFC 822 (RSS) or ISO 8601 (Atom) date as ISO 8601; null when it names no instant. */
export function parseFeedDate(value: string | null): string | null {
  if (!value) return null;
  const iso = normaliseIsoDate(value);
  if (iso) return iso;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** fast-xml-parser decodes named entities only; numeric character references are left to the reader. */
function decodeCharacterReferences(text: string): string {
  return text.replace(/&#(x[0-9a-f]+|\d+);/gi, (reference, code: string) => {
    const point = code[0] === "x" || code[0] === "X" ? parseInt(code.slice(1), 16) : Number(code);
    return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : reference;
  });
}

const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

/**
 * A text element kept raw by the parser as HTML, whatever it holds: an Atom text construct of any `type`, or an
 * RSS description (HTML by convention: escaped, in CDATA, or unescaped).
 */
function rawMarkup(node: unknown, defaultType: "text" | "html"): string | null {
  const raw = textOf(node);
  if (raw === null) return null;
  const type = attributeOf(node, "type") ?? defaultType;
  // Unescaped tags in a `type="html"` element are common; they are markup however declared.
  if (type === "xhtml" || raw.replace(CDATA, "").includes("<")) return raw.replace(CDATA, "$1");
  const decoded = xmlParsers().fragment.parse(`<x>${raw}</x>`).x;
  if (typeof decoded !== "string" || decoded.trim() === "") return null;
  return type === "html" || type === "text/html" ? decoded : escapeHtml(decodeCharacterReferences(decoded));
}

/** A person as RSS writes one ("jane@example.com (Jane Doe)") or just a name; an address alone is no name. */
function personName(value: string | null): string | null {
  if (!value) return null;
  const named = /\(([^)]+)\)\s*$/.exec(value);
  if (named) return named[1]!.trim();
  return value.includes("@") ? null : value;
}

function joinNames(names: (string | null)[]): string | null {
  const present = names.filter((name): name is string => Boolean(name));
  return present.length > 0 ? present.join(", ") : null;
}

/** Media RSS (`media:description`, alone or in a `media:group`), as YouTube feeds carry their text: plain text. */
function mediaDescription(item: XmlNode): string | null {
  const group = isNode(item["media:group"]) ? item["media:group"] : {};
  const text = textOf(item["media:description"]) ?? textOf(group["media:description"]);
  return text === null ? null : escapeHtml(decodeCharacterReferences(text)).replace(/\n/g, "<br>");
}

function rssItem(item: XmlNode, base: string): FeedItem {
  const link = asArray(item.link).map(textOf).find(Boolean) ?? null;
  // RSS 1.0 names an item by its rdf:about.
  const guid = textOf(item.guid) ?? attributeOf(item, "rdf:about");
  return {
    guid,
    titleHtml: textOf(item.title),
    // A permalink guid is the item's page when the feed gives no link.
    link: absoluteUrl(link, base) ?? (attributeOf(item.guid, "isPermaLink") !== "false" ? absoluteUrl(guid, base) : null),
    published: parseFeedDate(textOf(item.pubDate)) ?? parseFeedDate(textOf(item["dc:date"])),
    author: joinNames(asArray(item.author).map((author) => personName(textOf(author)))) ?? joinNames(asArray(item["dc:creator"]).map(textOf)),
    summaryHtml: rawMarkup(item.description, "html") ?? mediaDescription(item),
    contentHtml: rawMarkup(item["content:encoded"], "html"),
  };
}

/** The `alternate` link (the page), preferring an HTML one. */
function atomLink(links: unknown, base: string): string | null {
  const alternates = asArray(links).filter((link) => (attributeOf(link, "rel") ?? "alternate") === "alternate");
  const page = alternates.find((link) => /html/.test(attributeOf(link, "type") ?? "text/html")) ?? alternates[0];
  return absoluteUrl(attributeOf(page, "href"), base);
}

function atomEntry(entry: XmlNode, base: string): FeedItem {
  return {
    guid: textOf(entry.id),
    titleHtml: textOf(entry.title),
    link: atomLink(entry.link, base),
    published: parseFeedDate(textOf(entry.published)) ?? parseFeedDate(textOf(entry.updated)),
    author: joinNames(asArray(entry.author).map((author) => (isNode(author) ? textOf(author.name) : null))),
    summaryHtml: rawMarkup(entry.summary, "text") ?? mediaDescription(entry),
    contentHtml: rawMarkup(entry.content, "text"),
  };
}

/**
 * Reads an RSS (2.0, or 1.0 RDF) or Atom document. `feedUrl` (after redirects) resolves relative links.
 * Throws FeedFormatError for malformed XML or another kind of document.
 */
export function parseFeed(xml: string, feedUrl: string): ParsedFeed {
  const document = xml.replace(/^\uFEFF/, "").trimStart();
  // A web page given instead of its feed is the usual mistake; HTML is rarely well-formed XML.
  if (/^(<!doctype html|<html[\s>])/i.test(document)) throw new FeedFormatError("not an RSS or Atom feed (it is an HTML page)");
  const validation = xmlParsers().validator.validate(document);
  if (validation !== true) {
    throw new FeedFormatError(`malformed XML: ${validation.err.msg.replace(/\.$/, "")} (line ${validation.err.line})`);
  }
  const root = xmlParsers().feed.parse(document) as XmlNode;
  const channel = isNode(root.rss) ? root.rss.channel : undefined;
  if (isNode(channel)) {
    return {
      titleHtml: textOf(channel.title),
      link: asArray(channel.link).map((link) => absoluteUrl(textOf(link), feedUrl)).find(Boolean) ?? null,
      items: asArray(channel.item).filter(isNode).map((item) => rssItem(item, feedUrl)),
    };
  }
  const rdf = root["rdf:RDF"];
  if (isNode(rdf) && isNode(rdf.channel)) {
    return {
      titleHtml: textOf(rdf.channel.title),
      link: absoluteUrl(textOf(rdf.channel.link), feedUrl),
      items: asArray(rdf.item).filter(isNode).map((item) => rssItem(item, feedUrl)),
    };
  }
  if (isNode(root.feed)) {
    return {
      titleHtml: textOf(root.feed.title),
      link: atomLink(root.feed.link, feedUrl),
      items: asArray(root.feed.entry).filter(isNode).map((entry) => atomEntry(entry, feedUrl)),
    };
  }
  const rootName = Object.keys(root).find((key) => !key.startsWith("?"));
  throw new FeedFormatError(`not an RSS or Atom feed (the document is <${rootName ?? "empty"}>)`);
}
