import { InteractionContextType, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from "discord.js";
import { replyPrivately, requireManageServer } from "../src/discord/permissions";
import { LIMITS, trimAtBoundary } from "../src/discord/render/limits";
import type { BotServices } from "../src/discord/types";
import { listFollows, stopFollows } from "../src/store/follows";

export const data = new SlashCommandBuilder()
  .setName("unfollow")
  .setDescription("Stop following a question in this channel (Manage Server)")
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) => option.setName("question").setDescription("Pick one of this channel's followed questions, or all").setRequired(true).setAutocomplete(true));

export async function autocomplete(interaction: AutocompleteInteraction, services: BotServices): Promise<void> {
  const typed = interaction.options.getFocused().toLowerCase();
  const follows = listFollows(services.store, interaction.channelId ?? "").filter((entry) => entry.question.toLowerCase().includes(typed));
  const choices = follows.slice(0, 24).map((entry) => ({ name: trimAtBoundary(`#${entry.id} ${entry.question}`, LIMITS.autocompleteChoice), value: String(entry.id) }));
  await interaction.respond(follows.length > 1 ? [...choices, { name: "all of this channel's questions", value: "all" }] : choices);
}

export async function execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void> {
  if (!interaction.inCachedGuild()) return replyPrivately(interaction, "Questions are followed in a server channel: use /unfollow in a server.");
  if (!(await requireManageServer(interaction, "stop following a question"))) return;
  const chosen = interaction.options.getString("question", true).trim().replace(/^#/, "");
  const id = chosen === "all" ? undefined : Number(chosen);
  if (id !== undefined && !Number.isInteger(id)) return replyPrivately(interaction, "Pick one of the suggestions while typing (or see `/follow list` for the numbers).");
  const stopped = stopFollows(services.store, interaction.channelId, id);
  await replyPrivately(
    interaction,
    stopped === 0 ? "That question is not followed in this channel; see `/follow list`." : `Stopped following ${stopped === 1 ? "that question" : `${stopped} questions`} here.`,
  );
}
