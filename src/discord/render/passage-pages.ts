import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from "discord.js";
import type { Passage } from "../../retrieval";
import { escapeForDiscord } from "./escape";
import { articleLine } from "./answer-message";
import { LIMITS, trimAtBoundary } from "./limits";

/** Prev/Next buttons whose custom ids carry the command, view, result key and target page. */
export function pageButtons(prefix: string, key: string, page: number, pages: number): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(`${prefix}:${key}:${page - 1}`)
      .setLabel("Previous")
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page <= 0),
    new ButtonBuilder()
      .setCustomId(`${prefix}:${key}:${page + 1}`)
      .setLabel("Next")
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page >= pages - 1),
  );
}

function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/**
 * One page of passages: linked title, outlet, date and a trimmed snippet each (the snippet is a preview,
 * not a quote, so it may be cut; it says so with an ellipsis).
 */
export function renderPassagePage(options: {
  title: string;
  passages: Passage[];
  page: number;
  perPage: number;
  snippetLength: number;
  showScores: boolean;
  buttonPrefix: string;
  key: string;
}): { embeds: EmbedBuilder[]; components: ActionRowBuilder<ButtonBuilder>[] } {
  const pages = pageCount(options.passages.length, options.perPage);
  const page = Math.min(Math.max(options.page, 0), pages - 1);
  const shown = options.passages.slice(page * options.perPage, (page + 1) * options.perPage);
  const embed = new EmbedBuilder().setTitle(trimAtBoundary(escapeForDiscord(options.title), LIMITS.embedTitle));
  if (shown.length === 0) embed.setDescription("No passages match.");
  shown.forEach((passage, i) => {
    const rank = page * options.perPage + i + 1;
    const score = options.showScores
      ? ` · score ${passage.score.toFixed(4)}${passage.keywordScore !== null ? ` (keyword ${passage.keywordScore.toFixed(2)})` : ""}${
          passage.denseSimilarity !== null ? ` (semantic ${passage.denseSimilarity.toFixed(2)})` : ""
        }`
      : "";
    const snippet = escapeForDiscord(trimAtBoundary(passage.chunk.text.replace(/\s+/g, " "), options.snippetLength));
    const value = trimAtBoundary(`${articleLine(passage.article)}${score}\n${snippet}`, LIMITS.fieldValue);
    embed.addFields({ name: `${rank}.`, value });
  });
  embed.setFooter({ text: `page ${page + 1} of ${pages} · ${options.passages.length} passages` });
  return { embeds: [embed], components: pages > 1 ? [pageButtons(options.buttonPrefix, options.key, page, pages)] : [] };
}
