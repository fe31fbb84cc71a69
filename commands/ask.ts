import { MessageFlags, SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from "discord.js";
import { isCalendarDate } from "../src/digest/digest-window";
import { renderPassagePage } from "../src/discord/render/passage-pages";
import { answerInDiscord, answerMessage, sourcesFor } from "../src/discord/answering";
import { replyInTime } from "../src/discord/respond";
import { latestAnswerIn, readAnswer, recordVote, setAnswerMessage } from "../src/store/answer-log";
import type { BotServices } from "../src/discord/types";

export const data = new SlashCommandBuilder()
  .setName("ask")
  .setDescription("Ask a question; the answer quotes the articles word for word, with sources")
  .addStringOption((option) => option.setName("question").setDescription("What do you want to know?").setRequired(true).setMaxLength(1000))
  .addStringOption((option) => option.setName("since").setDescription("Only articles published on or after this date (YYYY-MM-DD)"))
  .addStringOption((option) => option.setName("until").setDescription("Only articles published on or before this date (YYYY-MM-DD)"))
  .addStringOption((option) => option.setName("source").setDescription("Only articles from this outlet"))
  .addBooleanOption((option) => option.setName("private").setDescription("Only you see the answer"));

function dateOption(interaction: ChatInputCommandInteraction, name: string): string | undefined | Error {
  const value = interaction.options.getString(name)?.trim();
  if (!value) return undefined;
  return isCalendarDate(value) ? value : new Error(`**${name}** must be a date like 2025-06-24.`);
}

export async function execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void> {
  const since = dateOption(interaction, "since");
  const until = dateOption(interaction, "until");
  const invalid = [since, until].find((value) => value instanceof Error);
  if (invalid) {
    await interaction.reply({ content: invalid.message, flags: MessageFlags.Ephemeral });
    return;
  }
  const question = interaction.options.getString("question", true);
  const source = interaction.options.getString("source")?.trim() || undefined;
  const ephemeral = interaction.options.getBoolean("private") ?? false;
  const channel = interaction.channel;
  const options = { since: since as string | undefined, until: until as string | undefined, source };
  const settingsChannelId = channel?.isThread() ? (channel.parentId ?? interaction.channelId) : interaction.channelId;
  const clash = sourcesFor(services, { settingsChannelId, options });
  if (clash instanceof Error) {
    await interaction.reply({ content: clash.message, flags: MessageFlags.Ephemeral });
    return;
  }
  const work = answerInDiscord(services, {
    question,
    options,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    settingsChannelId,
    userId: interaction.user.id,
    // In a thread newsdesk answered in, /ask is a follow-up like any message there.
    previous: channel?.isThread() ? latestAnswerIn(services.store, interaction.channelId) : null,
  });
  await replyInTime(interaction, work, (recorded) => (recorded instanceof Error ? { content: recorded.message } : answerMessage(services, recorded)), {
    budgetMs: services.replyBudgetMs,
    ephemeral,
  });
  const recorded = await work;
  // A public answer can be replied to with a follow-up: remember which message it is.
  if (!ephemeral && !(recorded instanceof Error)) {
    // The answer is out already: failing to learn its id only means replies to it start afresh.
    const reply = await interaction.fetchReply().catch((error: unknown) => services.logger.warn({ err: error }, "could not look up a posted answer; replies to it will not follow up"));
    if (!reply) return;
    setAnswerMessage(services.store, recorded.id, reply.channelId, reply.id);
    services.logger.debug({ answerId: recorded.id, channelId: reply.channelId, messageId: reply.id, carried: recorded.carried !== null }, "answer posted");
  }
}

/** 👍/👎: one vote per person per answer; voting again replaces the vote. */
async function vote(interaction: ButtonInteraction, services: BotServices, direction: string | undefined, idText: string | undefined): Promise<void> {
  const answer = readAnswer(services.store, Number(idText));
  if (!answer || (direction !== "up" && direction !== "down")) {
    await interaction.reply({ content: "I no longer know this answer, so I can't record a vote on it.", flags: MessageFlags.Ephemeral });
    return;
  }
  const tally = recordVote(services.store, answer.id, interaction.user.id, direction === "up" ? 1 : -1, services.clock());
  const thanks = direction === "up" ? "Thanks — glad it helped." : "Thanks — I've noted it for whoever keeps my articles.";
  await interaction.reply({ content: `${thanks} (👍 ${tally.up} · 👎 ${tally.down})`, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** "Show passages": the retrieved passages with their scores, ephemeral and paginated. */
export async function button(interaction: ButtonInteraction, services: BotServices): Promise<void> {
  const [, action, key, pageText] = interaction.customId.split(":");
  if (action === "vote") return vote(interaction, services, key, pageText);
  const answer = services.answers.get(key ?? "");
  if (!answer) {
    await interaction.reply({ content: "These passages have expired; ask again to see them.", flags: MessageFlags.Ephemeral });
    return;
  }
  const view = renderPassagePage({
    title: `Passages for: ${answer.question}`,
    passages: answer.passages,
    page: Number(pageText) || 0,
    perPage: 3,
    snippetLength: 400,
    showScores: true,
    buttonPrefix: "ask:passages",
    key: key!,
  });
  // The first click opens the ephemeral view; Previous/Next inside it update that view.
  if (interaction.message.flags.has(MessageFlags.Ephemeral)) await interaction.update({ ...view, allowedMentions: { parse: [] } });
  else await interaction.reply({ ...view, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}
