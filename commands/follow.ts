import { ChannelType, EmbedBuilder, InteractionContextType, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from "discord.js";
import { isDigestChannel, missingPostingPermissions } from "../src/discord/post-digest";
import { replyPrivately, requireManageServer } from "../src/discord/permissions";
import { escapeForDiscord } from "../src/discord/render/escape";
import { LIMITS, joinWithin, trimAtBoundary } from "../src/discord/render/limits";
import type { BotServices } from "../src/discord/types";
import { addFollow, listFollows } from "../src/store/follows";

export const data = new SlashCommandBuilder()
  .setName("follow")
  .setDescription("Follow a question: new articles that answer it are quoted in this channel")
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((subcommand) =>
    subcommand
      .setName("question")
      .setDescription("Post new quotes that answer this question here, as articles come in (Manage Server)")
      .addStringOption((option) => option.setName("question").setDescription("e.g. What did the Kremlin say about Iran?").setRequired(true).setMaxLength(300)),
  )
  .addSubcommand((subcommand) => subcommand.setName("list").setDescription("The questions followed in this channel"));

async function follow(interaction: ChatInputCommandInteraction<"cached">, services: BotServices): Promise<void> {
  if (!(await requireManageServer(interaction, "follow a question in a channel"))) return;
  const channel = interaction.channel;
  if (channel && !channel.isThread()) {
    if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) return replyPrivately(interaction, "Follow questions in a text channel or a thread.");
    if (isDigestChannel(channel)) {
      const missing = await missingPostingPermissions(channel);
      if (missing.length > 0) return replyPrivately(interaction, `I can't post here: I need ${missing.join(", ")} in this channel. Grant them to my role, then try again.`);
    }
  }
  const question = interaction.options.getString("question", true).trim();
  const id = addFollow(services.store, { guildId: interaction.guildId, channelId: interaction.channelId, question, userId: interaction.user.id }, services.clock());
  await interaction.reply({
    content: `Following **${escapeForDiscord(trimAtBoundary(question, 300))}** here (#${id}). When new articles answer it, I'll post the new quotes in this channel, once per article. \`/unfollow\` stops it.`,
    allowedMentions: { parse: [] },
  });
}

async function list(interaction: ChatInputCommandInteraction<"cached">, services: BotServices): Promise<void> {
  const follows = listFollows(services.store, interaction.channelId);
  if (follows.length === 0) return replyPrivately(interaction, "No questions are followed in this channel; `/follow question` starts one.");
  const lines = follows.map((entry) => `**#${entry.id}** ${escapeForDiscord(trimAtBoundary(entry.question, 300))} — since <t:${Math.floor(Date.parse(entry.createdAt) / 1000)}:d>`);
  const embed = new EmbedBuilder().setTitle(`Followed here (${follows.length})`).setDescription(joinWithin(lines, LIMITS.embedDescription).text);
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

export async function execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void> {
  if (!interaction.inCachedGuild()) return replyPrivately(interaction, "Questions are followed in a server channel: use /follow in a server.");
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand === "question") return follow(interaction, services);
  if (subcommand === "list") return list(interaction, services);
  throw new Error(`unknown /follow subcommand "${subcommand}"`);
}
