import { MessageFlags, SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from "discord.js";
import { fusionWeights } from "../src/app/fusion-weights";
import { searchHybrid } from "../src/retrieval";
import { renderPassagePage } from "../src/discord/render/passage-pages";
import { replyInTime } from "../src/discord/respond";
import type { BotServices } from "../src/discord/types";

export const data = new SlashCommandBuilder()
  .setName("search")
  .setDescription("The passages that best match your words")
  .addStringOption((option) => option.setName("query").setDescription("Words to look for").setRequired(true).setMaxLength(500))
  .addIntegerOption((option) => option.setName("limit").setDescription("How many passages (default 10)").setMinValue(1).setMaxValue(50));

const PER_PAGE = 5;

function page(key: string, query: string, passages: Parameters<typeof renderPassagePage>[0]["passages"], number: number) {
  return renderPassagePage({ title: `Search: ${query}`, passages, page: number, perPage: PER_PAGE, snippetLength: 180, showScores: false, buttonPrefix: "search:page", key });
}

export async function execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void> {
  const query = interaction.options.getString("query", true);
  const limit = interaction.options.getInteger("limit") ?? 10;
  const work = services.embedder().then((embedder) => searchHybrid(services.store, embedder, { query, limit }, fusionWeights(services.config, embedder?.model ?? null)));
  await replyInTime(
    interaction,
    work,
    (result) => page(services.searches.add({ query, passages: result.passages }), query, result.passages, 0),
    { budgetMs: services.replyBudgetMs },
  );
}

export async function button(interaction: ButtonInteraction, services: BotServices): Promise<void> {
  const [, , key, pageText] = interaction.customId.split(":");
  const saved = services.searches.get(key ?? "");
  if (!saved) {
    await interaction.reply({ content: "This search has expired; run /search again.", flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.update({ ...page(key!, saved.query, saved.passages, Number(pageText) || 0), allowedMentions: { parse: [] } });
}
