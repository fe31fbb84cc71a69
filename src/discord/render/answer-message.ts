import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from "discord.js";
import { formatPublished, type Answer, type Citation } from "../../answers";
import { escapeForDiscord, maskedLink } from "./escape";
import { LIMITS, joinWithin, trimAtBoundary } from "./limits";

export const NO_MENTIONS = { parse: [] as never[] };

/** "[Title](url) — Outlet, 24 Jun 2025", every part escaped. */
export function articleLine(article: { title: string; url: string | null; source: string | null; published: string | null }): string {
  const details = [article.source, formatPublished(article.published)].filter(Boolean).map((part) => escapeForDiscord(part!)).join(", ");
  return `${maskedLink(article.title, article.url)}${details ? ` — ${details}` : ""}`;
}

function sourceLine(source: Citation): string {
  return `[${source.citation}] ${articleLine(source)}`;
}

function newestDate(sources: Citation[]): string | null {
  const newest = sources.map((source) => source.published).filter(Boolean).sort().at(-1) ?? null;
  return formatPublished(newest);
}

/**
 * The answer as a Discord embed: quotes as block quotes with their [n], sources as linked titles with outlet
 * and date, a footer with the article count. Whole quotes and whole source lines only: what does not fit is
 * left out, never cut mid-quote.
 */
export function renderAnswerEmbed(answer: Answer): EmbedBuilder {
  const embed = new EmbedBuilder().setTitle(trimAtBoundary(escapeForDiscord(answer.question.trim() || "Question"), LIMITS.embedTitle));
  if (!answer.answered) {
    const lines = answer.closestHeadlines.length
      ? ["I couldn't find that in the articles.", "", "Closest headlines:", ...answer.closestHeadlines.map((headline) => `• ${articleLine(headline)}`)]
      : [escapeForDiscord(answer.text)];
    return embed.setDescription(joinWithin(lines, LIMITS.embedDescription).text).setColor(0x99aab5);
  }
  const quoteLines = answer.quotes.map((quote) => `> ${escapeForDiscord(quote.text)} **[${quote.citation}]**`);
  const { text: description, used } = joinWithin(quoteLines, LIMITS.embedDescription, "\n\n");
  const citedNumbers = new Set(answer.quotes.slice(0, Math.max(used, 1)).map((quote) => quote.citation));
  const sources = answer.sources.filter((source) => citedNumbers.has(source.citation));
  embed.setDescription(description || trimAtBoundary(quoteLines[0]!, LIMITS.embedDescription)).setColor(0x2b6cb0);
  let remaining = sources.map(sourceLine);
  let fieldIndex = 0;
  while (remaining.length > 0 && fieldIndex < 3) {
    const { text, used: fit } = joinWithin(remaining, LIMITS.fieldValue);
    const value = fit > 0 ? text : trimAtBoundary(remaining[0]!, LIMITS.fieldValue);
    embed.addFields({ name: fieldIndex === 0 ? "Sources" : "Sources (continued)", value });
    remaining = remaining.slice(Math.max(fit, 1));
    fieldIndex += 1;
  }
  const newest = newestDate(sources);
  embed.setFooter({ text: `from ${sources.length} article${sources.length === 1 ? "" : "s"}${newest ? ` · newest ${newest}` : ""}` });
  return embed;
}

export function showPassagesButton(key: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(`ask:passages:${key}:0`).setLabel("Show passages").setStyle(ButtonStyle.Secondary),
  );
}
