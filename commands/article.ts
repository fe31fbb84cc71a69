import { EmbedBuilder, MessageFlags, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from "discord.js";
import { formatPublished } from "../src/answers";
import { findArticlesByTitle, getArticle } from "../src/store";
import { escapeForDiscord } from "../src/discord/render/escape";
import { LIMITS, trimAtBoundary } from "../src/discord/render/limits";
import type { BotServices } from "../src/discord/types";

export const data = new SlashCommandBuilder()
  .setName("article")
  .setDescription("Show one article: title, outlet, date, link and lead")
  .addStringOption((option) => option.setName("title").setDescription("Start typing a headline").setRequired(true).setAutocomplete(true));

export async function autocomplete(interaction: AutocompleteInteraction, services: BotServices): Promise<void> {
  const typed = interaction.options.getFocused();
  const articles = findArticlesByTitle(services.store, typed, 25);
  await interaction.respond(
    articles.map((article) => {
      const date = formatPublished(article.published);
      const name = trimAtBoundary(`${article.title}${date ? ` (${date})` : ""}`, LIMITS.autocompleteChoice);
      return { name, value: article.id.slice(0, LIMITS.autocompleteChoice) };
    }),
  );
}

export async function execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void> {
  const chosen = interaction.options.getString("title", true);
  // A picked suggestion gives the id; typed text without picking falls back to the best title match.
  const article = getArticle(services.store, chosen) ?? findArticlesByTitle(services.store, chosen, 1)[0] ?? null;
  if (!article) {
    await interaction.reply({ content: "No article with that title. Pick one of the suggestions while typing.", flags: MessageFlags.Ephemeral });
    return;
  }
  const lead = article.text.split(/\n\s*\n/).find((paragraph) => paragraph.trim().length > 0) ?? "";
  const embed = new EmbedBuilder()
    .setTitle(trimAtBoundary(escapeForDiscord(article.title), LIMITS.embedTitle))
    .setDescription(trimAtBoundary(escapeForDiscord(lead), 1000))
    .addFields(
      { name: "Outlet", value: escapeForDiscord(article.source ?? "unknown"), inline: true },
      { name: "Published", value: formatPublished(article.published) ?? "undated", inline: true },
    );
  if (article.url && /^https?:\/\//.test(article.url)) embed.setURL(article.url);
  await interaction.reply({ embeds: [embed], allowedMentions: { parse: [] } });
}
