import { EmbedBuilder, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from "discord.js";
import type { BotServices } from "../src/discord/types";

export const data = new SlashCommandBuilder().setName("help").setDescription("How to use newsdesk");

export async function execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void> {
  const channels = services.config.qaChannelIds.map((id) => `<#${id}>`).join(", ");
  const embed = new EmbedBuilder().setTitle("newsdesk").setDescription(
    [
      "I answer questions with **exact quotes** from the news articles I was given, each with its source — never with words of my own.",
      "",
      "`/ask question` — an answer from quotes, with sources (add `since`, `until`, `source` to narrow it). Phrases like “yesterday” or “in June” work too.",
      "`/search query` — the best-matching passages.",
      "`/article title` — one article's details and lead.",
      "`/sources` — what I know and how fresh it is.",
      "`/digest` — the daily digest: preview, post now, or set it up.",
      "`/follow question` · `/follow list` · `/unfollow` — post new quotes here whenever new articles answer a question.",
      "`/feeds add|remove|list|test` — the RSS/Atom feeds I read, and where their new articles are announced.",
      "`/channel answers|sources|threads|show` — how I behave in this channel.",
      "`/report` — what I couldn't answer and which answers were voted down.",
      "",
      `Mention me with a question anywhere${channels ? `, or just ask in ${channels}` : ""}; I answer in a thread, where follow-ups like “When did that happen?” need no mention. Replying to one of my answers works too.`,
      "Add `private` to `/ask` to see the answer alone. Rate answers with 👍/👎. If the articles don't say, I tell you so.",
    ].join("\n"),
  );
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
}
