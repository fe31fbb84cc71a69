import { EmbedBuilder, type APIEmbedField } from "discord.js";
import { formatPublished, type Answer, type Citation, type Quote } from "../../answers";
import { escapeForDiscord, maskedLink } from "./escape";
import { textFragmentUrl } from "./text-fragment";
import { LIMITS, joinWithin, trimAtBoundary } from "./limits";

export const NO_MENTIONS = { parse: [] as never[] };

/** " — Outlet, 24 Jun 2025", escaped; empty when neither is known. */
function articleDetails(article: { source: string | null; published: string | null }): string {
  const details = [article.source, formatPublished(article.published)].filter(Boolean).map((part) => escapeForDiscord(part!)).join(", ");
  return details ? ` — ${details}` : "";
}

/** "[Title](url) — Outlet, 24 Jun 2025", every part escaped. */
export function articleLine(article: { title: string; url: string | null; source: string | null; published: string | null }): string {
  return `${maskedLink(article.title, article.url)}${articleDetails(article)}`;
}

/** `[n] [Title](url) — Outlet, date`; a line too long for a field drops the link and shortens the headline. */
function sourceLine(source: Citation): string {
  const prefix = `[${source.citation}] `;
  const line = `${prefix}${articleLine(source)}`;
  if (line.length <= LIMITS.fieldValue) return line;
  const details = articleDetails(source);
  const headline = trimAtBoundary(maskedLink(source.title, null), Math.max(LIMITS.fieldValue - prefix.length - details.length, 40));
  return trimAtBoundary(`${prefix}${headline}${details}`, LIMITS.fieldValue);
}

function newestDate(sources: Citation[]): string | null {
  const newest = sources.map((source) => source.published).filter(Boolean).sort().at(-1) ?? null;
  return formatPublished(newest);
}

/**
 * `> quote **[n]**`, the [n] linking to the quote itself in the article (a text fragment; the sources list keeps
 * the plain url); a quote longer than `room` is shortened at a sentence or word boundary, keeping its [n].
 */
function quoteLine(quote: Quote, room: number = Infinity): string {
  const link = textFragmentUrl(quote.url, quote.text);
  const marker = link ? ` **[\\[${quote.citation}\\]](${link})**` : ` **[${quote.citation}]**`;
  const text = escapeForDiscord(quote.text);
  const fits = 2 + text.length + marker.length <= room;
  return `> ${fits ? text : trimAtBoundary(text, room - 2 - marker.length)}${marker}`;
}

/** Whole source lines packed into fields of at most 1024 characters each. */
function sourceFields(sources: Citation[]): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let remaining = sources.map(sourceLine);
  while (remaining.length > 0) {
    const { text, used } = joinWithin(remaining, LIMITS.fieldValue);
    fields.push({ name: fields.length === 0 ? "Sources" : "Sources (continued)", value: text });
    remaining = remaining.slice(used);
  }
  return fields;
}

function footerText(sources: Citation[]): string {
  const newest = newestDate(sources);
  return `from ${sources.length} article${sources.length === 1 ? "" : "s"}${newest ? ` · newest ${newest}` : ""}`;
}

/**
 * The answer as a Discord embed: quotes as block quotes with their [n], sources as linked titles with outlet
 * and date, a footer with the article count. Within Discord's limits by construction: the first quotes that
 * fit whole, with every source they cite; only a single quote too long for an embed by itself is shortened.
 */
export function renderAnswerEmbed(answer: Answer): EmbedBuilder {
  const title = trimAtBoundary(escapeForDiscord(answer.question.trim() || "Question"), LIMITS.embedTitle);
  const embed = new EmbedBuilder().setTitle(title);
  if (!answer.answered) {
    const lines = answer.closestHeadlines.length
      ? [escapeForDiscord(answer.reason), "", "Closest headlines:", ...answer.closestHeadlines.map((headline) => `• ${articleLine(headline)}`)]
      : [escapeForDiscord(answer.text)];
    return embed.setDescription(joinWithin(lines, LIMITS.embedDescription).text).setColor(0x99aab5);
  }
  // The first `count` quotes with the sources they cite, and the room the embed leaves for the quotes.
  const layout = (count: number) => {
    const shown = answer.quotes.slice(0, count);
    const cited = new Set(shown.map((quote) => quote.citation));
    const sources = answer.sources.filter((source) => cited.has(source.citation));
    const fields = sourceFields(sources);
    const footer = footerText(sources);
    const fieldsSize = fields.reduce((size, field) => size + field.name.length + field.value.length, 0);
    const room = Math.min(LIMITS.embedDescription, LIMITS.embedTotal - title.length - footer.length - fieldsSize);
    const description = shown.map((quote) => quoteLine(quote)).join("\n\n");
    return { description, fields, footer, room, fits: description.length <= room && fields.length <= LIMITS.fields };
  };
  let count = answer.quotes.length;
  let chosen = layout(count);
  while (!chosen.fits && count > 1) chosen = layout(--count);
  const description = chosen.fits ? chosen.description : quoteLine(answer.quotes[0]!, chosen.room);
  return embed.setDescription(description).setColor(0x2b6cb0).addFields(chosen.fields).setFooter({ text: chosen.footer });
}
