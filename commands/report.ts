import { EmbedBuilder, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from "discord.js";
import { isCalendarDate } from "../src/digest/digest-window";
import { replyPrivately, requireManageServer } from "../src/discord/permissions";
import { escapeForDiscord } from "../src/discord/render/escape";
import { LIMITS, joinWithin, trimAtBoundary } from "../src/discord/render/limits";
import { readFeedbackReport } from "../src/store/answer-log";
import type { BotServices } from "../src/discord/types";

export const data = new SlashCommandBuilder()
  .setName("report")
  .setDescription("What I could not answer and which answers people voted down (Manage Server, only you)")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addStringOption((option) => option.setName("since").setDescription("Only questions asked on or after this date (YYYY-MM-DD)").setMaxLength(10));

export async function execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void> {
  if (!(await requireManageServer(interaction, "see the feedback report"))) return;
  const since = interaction.options.getString("since")?.trim() || null;
  if (since !== null && !isCalendarDate(since)) {
    return replyPrivately(interaction, "**since** must be a date like 2025-06-24.");
  }
  const report = readFeedbackReport(services.store, since);
  const refused = report.refused.map((item) => `**${item.count}×** ${escapeForDiscord(trimAtBoundary(item.question, 200))}`);
  const downVoted = report.downVoted.map((item) => `👎 ${item.down} · 👍 ${item.up} — ${escapeForDiscord(trimAtBoundary(item.question, 200))}`);
  const embed = new EmbedBuilder()
    .setTitle(`Feedback${since ? ` since ${since}` : ""}`)
    .addFields(
      { name: "Most-asked questions I could not answer", value: joinWithin(refused, LIMITS.fieldValue).text || "none" },
      { name: "Answers voted down", value: joinWithin(downVoted, LIMITS.fieldValue).text || "none" },
    )
    .setFooter({ text: "Add articles that answer the first list; look into the second. `npm run -s cli -- report --json` has everything." });
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}
