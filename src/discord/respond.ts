import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type InteractionReplyOptions } from "discord.js";
import { fusionWeights } from "../app/fusion-weights";
import { answerQuestion, type Answer, type AskOptions } from "../answers";
import { NO_MENTIONS } from "./render/answer-message";
import type { BotServices } from "./types";

/** Discord drops an interaction not acknowledged within 3 s; past this, defer first and edit later. */
export const DIRECT_REPLY_BUDGET_MS = 1500;

type Payload = Omit<InteractionReplyOptions, "flags"> & { ephemeral?: boolean };

/**
 * Acknowledges exactly once, well inside Discord's window: a direct reply when the work is fast, otherwise
 * deferReply now and editReply when the work is done.
 */
export async function replyInTime<T>(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  work: Promise<T>,
  render: (result: T) => Payload,
  options: { ephemeral?: boolean; budgetMs?: number } = {},
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = Symbol("late");
  const budgetMs = options.budgetMs ?? DIRECT_REPLY_BUDGET_MS;
  const first = await Promise.race([work, new Promise<typeof late>((resolve) => (timer = setTimeout(resolve, budgetMs, late)))]);
  clearTimeout(timer);
  const flags = options.ephemeral ? MessageFlags.Ephemeral : undefined;
  if (first !== late) {
    const { ephemeral: _, ...payload } = render(first);
    await interaction.reply({ ...payload, flags, allowedMentions: NO_MENTIONS });
    return;
  }
  await interaction.deferReply({ flags });
  const { ephemeral: _, ...payload } = render(await work);
  await interaction.editReply({ ...payload, allowedMentions: NO_MENTIONS });
}

export async function answerFor(services: BotServices, question: string, options: AskOptions = {}): Promise<Answer> {
  const embedder = await services.embedder();
  return answerQuestion(
    {
      store: services.store,
      embedder,
      clock: services.clock,
      timeZone: services.config.digestTimeZone,
      weights: fusionWeights(services.config, embedder?.model ?? null),
      onQuoteRejected: (quote, reason) => services.logger.error({ articleId: quote.articleId, quote: quote.text, reason }, "quote failed verification and was dropped"),
    },
    question,
    options,
  );
}
