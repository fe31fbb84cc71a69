import { EmbedBuilder, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from "discord.js";
import { formatPublished } from "../src/answers";
import { readCoverage, readStats } from "../src/store";
import { escapeForDiscord } from "../src/discord/render/escape";
import { LIMITS, joinWithin } from "../src/discord/render/limits";
import type { BotServices } from "../src/discord/types";

export const data = new SlashCommandBuilder().setName("sources").setDescription("What the index holds: articles, outlets, dates, search mode");

export async function execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void> {
  const stats = readStats(services.store);
  const coverage = readCoverage(services.store);
  const embedder = await services.embedder();
  const outlets = joinWithin(
    coverage.outlets.map((outlet) => `${escapeForDiscord(outlet.source)} (${outlet.articles})`),
    LIMITS.fieldValue,
    ", ",
  ).text;
  const embed = new EmbedBuilder().setTitle("What I know").addFields(
    { name: "Articles", value: `${stats.articles} (${stats.chunks} passages)`, inline: true },
    { name: "Dates", value: coverage.oldest ? `${formatPublished(coverage.oldest)} – ${formatPublished(coverage.newest)}` : "none", inline: true },
    { name: "Last ingest", value: stats.lastIngest ? `<t:${Math.floor(Date.parse(stats.lastIngest) / 1000)}:R>` : "never", inline: true },
    { name: "Search", value: embedder && stats.dense ? `keyword + semantic (${escapeForDiscord(embedder.model)})` : "keyword only (no embedding model loaded)" },
    { name: "Outlets", value: outlets || "none" },
  );
  const feeds = services.feedStatus?.() ?? [];
  if (feeds.length) {
    const lines = feeds.map((feed) => `${feed.ok ? "✅" : "⚠️"} ${escapeForDiscord(feed.url)}${feed.lastError ? ` — ${escapeForDiscord(feed.lastError)}` : ""}`);
    embed.addFields({ name: "Feeds", value: joinWithin(lines, LIMITS.fieldValue).text });
  }
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
}
