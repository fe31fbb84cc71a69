import { formatPublished } from "../answers/format-citation";
import { countOutlets } from "./build-digest";
import { addDays, localDateOf, startOfLocalDay } from "./digest-window";
import type { Digest, DigestArticle, DigestItem } from "./types";

/** Discord's embed limits: a digest part fits one embed, so one message. */
export const DISCORD_LIMITS = { title: 256, fieldName: 256, fieldValue: 1024, fields: 25, total: 6000 } as const;
/** Sources listed under a story; the rest are counted, so a big story stays readable. */
const MAX_LISTED_ARTICLES = 5;

/**
 * How article text and links are written: as they are for the console and the CLI, as inert Discord markdown
 * for the bot. Lengths are measured after it, so the limits hold either way.
 */
export interface DigestMarkup {
  /** Text from an article (headline, quote, title, outlet) as it may appear. */
  text(raw: string): string;
  /** `[n] Title — Outlet, date` with the article's link; `title` is null for the article whose title is the headline. */
  source(citation: number, title: string | null, details: string, url: string | null): string;
}

export const PLAIN_MARKUP: DigestMarkup = {
  text: (raw) => raw,
  source: (citation, title, details, url) => `[${citation}] ${[title, details].filter(Boolean).join(" — ")}${url ? ` <${url}>` : ""}`,
};

export interface DigestRenderOptions {
  /** Zone of the dates shown (the server's, or DIGEST_TZ). */
  timeZone: string;
  /** PLAIN_MARKUP unless given. */
  markup?: DigestMarkup;
}

/** One story as an embed field: its headline, then its quotes and sources. */
export interface DigestField {
  name: string;
  value: string;
}

/** What one message (one embed) carries: the title on the first part, the closing line on the last. */
export interface DigestPart {
  title: string | null;
  fields: DigestField[];
  footer: string | null;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** "Thu, 26 Feb 1987, 08:00 CET". */
export function formatInstant(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(iso));
}

/** The local day a digest's window is, when it is one whole calendar day in `timeZone`; null for any other span. */
function calendarDayOf(digest: Digest, timeZone: string): string | null {
  const day = localDateOf(new Date(digest.from), timeZone);
  const isCalendarDay =
    startOfLocalDay(day, timeZone).toISOString() === digest.from && startOfLocalDay(addDays(day, 1), timeZone).toISOString() === digest.to;
  return isCalendarDay ? day : null;
}

/** "Thursday 26 February 1987" for a calendar-day window, else the span between its instants. */
function describeWindow(digest: Digest, timeZone: string): string {
  const day = calendarDayOf(digest, timeZone);
  if (day) {
    const label = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });
    return label.format(new Date(`${day}T12:00:00Z`)).replace(",", "");
  }
  return `${formatInstant(digest.from, timeZone)} – ${formatInstant(digest.to, timeZone)}`;
}

/**
 * `“…” [n]`; a quote cut short (it does not end a sentence) shows it. A sentence that opens with its own quotation
 * mark (a spokesman's words) is not wrapped in a second pair: `““If a ceasefire…””` read as a typo.
 */
export function quoteLine(text: string, citation: number, markup: DigestMarkup): string {
  const ended = /[.!?…]["'”’»)\]]*$/u.test(text);
  const [open, close] = /^["“„«‘']/u.test(text) ? ["", ""] : ["“", "”"];
  return `${open}${markup.text(text)}${ended ? "" : "…"}${close} [${citation}]`;
}

/** `[n] Title — Outlet, 26 Feb 1987` and its link; the first article's title is the headline, so it goes without. */
function sourceLine(article: DigestArticle, citation: number, markup: DigestMarkup): string {
  const details = [article.source, formatPublished(article.published)].filter(Boolean).join(", ");
  const title = citation === 1 ? null : article.title || null;
  // Without a title or details the line would be a bare number: the article's id says which it is.
  return markup.source(citation, title ?? (details ? null : article.articleId), details, article.url);
}

function moreArticlesLine(count: number): string {
  return `+${count} more ${count === 1 ? "article" : "articles"}`;
}

function itemField(item: DigestItem, index: number, markup: DigestMarkup): DigestField {
  const outlets = countOutlets(item.articles);
  const name = truncate(`${index + 1}. ${markup.text(item.headline)}${outlets > 1 ? ` — ${outlets} outlets` : ""}`, DISCORD_LIMITS.fieldName);
  const citationOf = (articleId: string) => item.articles.findIndex((article) => article.articleId === articleId) + 1;
  const quoteLines = item.quotes.map((quote) => quoteLine(quote.text, citationOf(quote.articleId), markup));
  const sourceLines = item.articles.map((article, i) => sourceLine(article, i + 1, markup));
  // A quoted article is always listed, or its [n] would point nowhere; the others while there is room.
  const quoted = new Set(item.quotes.map((quote) => citationOf(quote.articleId) - 1));
  const listed = new Set(quoted);
  let length = [...quoteLines, ...[...quoted].map((i) => sourceLines[i]!)].join("\n").length;
  const room = DISCORD_LIMITS.fieldValue - moreArticlesLine(item.articles.length).length - 1;
  for (let i = 0; i < item.articles.length && i < MAX_LISTED_ARTICLES; i++) {
    if (listed.has(i) || length + 1 + sourceLines[i]!.length > room) continue;
    listed.add(i);
    length += 1 + sourceLines[i]!.length;
  }
  const lines = [...quoteLines, ...sourceLines.filter((_, i) => listed.has(i))];
  const unlisted = item.articles.length - listed.size;
  if (unlisted > 0) lines.push(moreArticlesLine(unlisted));
  return { name, value: truncate(lines.join("\n"), DISCORD_LIMITS.fieldValue) };
}

function closingLine(digest: Digest, timeZone: string): string | null {
  // A day's digest asked for later ("digest --date", "/digest 2026-01-03") is over: "since" it would read as "up to now".
  if (digest.items.length === 0) return calendarDayOf(digest, timeZone) ? "No articles in the index are from that day." : `No new articles since ${formatInstant(digest.from, timeZone)}.`;
  if (digest.moreStories === 0) return null;
  return `and ${digest.moreStories} more ${digest.moreStories === 1 ? "story" : "stories"} — ask about them with /ask`;
}

function partLength(part: DigestPart): number {
  return (part.title?.length ?? 0) + (part.footer?.length ?? 0) + part.fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
}

/**
 * The digest as messages within Discord's limits: each story one field of at most 1024 characters, each part
 * at most 25 fields and 6000 characters. The bot posts one embed per part; the console prints them in order.
 */
export function renderDigestParts(digest: Digest, options: DigestRenderOptions): DigestPart[] {
  const title = truncate(`News digest — ${describeWindow(digest, options.timeZone)}`, DISCORD_LIMITS.title);
  const parts: DigestPart[] = [{ title, fields: [], footer: null }];
  const markup = options.markup ?? PLAIN_MARKUP;
  for (const field of digest.items.map((item, index) => itemField(item, index, markup))) {
    let part = parts.at(-1)!;
    if (part.fields.length === DISCORD_LIMITS.fields || partLength(part) + field.name.length + field.value.length > DISCORD_LIMITS.total) {
      part = { title: null, fields: [], footer: null };
      parts.push(part);
    }
    part.fields.push(field);
  }
  const footer = closingLine(digest, options.timeZone);
  if (footer !== null) {
    const last = parts.at(-1)!;
    if (partLength(last) + footer.length <= DISCORD_LIMITS.total) last.footer = footer;
    else parts.push({ title: null, fields: [], footer });
  }
  return parts;
}

/** The digest as plain text, for the console and the CLI. */
export function renderDigestText(digest: Digest, options: DigestRenderOptions): string {
  const blocks: string[] = [];
  for (const part of renderDigestParts(digest, options)) {
    if (part.title) blocks.push(part.title);
    for (const field of part.fields) blocks.push(`${field.name}\n${field.value}`);
    if (part.footer) blocks.push(part.footer);
  }
  return blocks.join("\n\n");
}
