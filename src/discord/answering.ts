import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from "discord.js";
import type { Answer, AskOptions } from "../answers";
import { answerFollowUp, describeCarried, type CarriedContext } from "../answers/follow-up";
import { logAnswer, type LoggedAnswer } from "../store/answer-log";
import { readChannelSettings } from "../store/channel-settings";
import { escapeForDiscord } from "./render/escape";
import { renderAnswerEmbed } from "./render/answer-message";
import { answerFor } from "./respond";
import type { BotServices } from "./types";

/** A question asked in Discord, and where. */
export interface DiscordQuestion {
  question: string;
  options: AskOptions;
  guildId: string | null;
  /** Where the answer goes (a thread, for questions answered in one). */
  channelId: string;
  /** The channel whose /channel settings apply: the thread's parent for a thread. */
  settingsChannelId: string;
  userId: string;
  /** The answer this question follows up (in its thread, or replied to). */
  previous: LoggedAnswer | null;
}

export interface RecordedAnswer {
  answer: Answer;
  /** The answer_log row, which the vote buttons name. */
  id: number;
  carried: CarriedContext | null;
}

/** The outlet the user named, or the channel's outlets (null: every outlet); an error line when they clash. */
export function sourcesFor(services: BotServices, question: Pick<DiscordQuestion, "settingsChannelId" | "options">): string[] | null | Error {
  const allowed = readChannelSettings(services.store, question.settingsChannelId)?.sources ?? null;
  const asked = question.options.source;
  if (!asked) return allowed;
  if (!allowed) return [asked];
  const fitting = allowed.filter((source) => source.toLowerCase().includes(asked.toLowerCase()) || asked.toLowerCase().includes(source.toLowerCase()));
  return fitting.length > 0 ? [asked] : new Error(`This channel's answers draw only on ${allowed.map(escapeForDiscord).join(", ")}; ask for one of those, or ask elsewhere.`);
}

/**
 * One answer per outlet when a channel allows several, and the best of them: an answer before a refusal,
 * then the one whose top passage scored highest on keywords (BM25 over one index, so comparable).
 */
async function answerFromSources(services: BotServices, question: string, options: AskOptions, sources: string[] | null): Promise<Answer> {
  if (!sources || sources.length === 1) return answerFor(services, question, { ...options, source: sources?.[0] });
  const answers = await Promise.all(sources.map((source) => answerFor(services, question, { ...options, source })));
  const strength = (answer: Answer) => (answer.answered ? 1e9 : 0) + (answer.passages[0]?.keywordScore ?? answer.passages[0]?.score ?? 0);
  return answers.reduce((best, answer) => (strength(answer) > strength(best) ? answer : best));
}

/**
 * Answers a question asked in Discord: a follow-up takes what it lacks from the answer it follows, the
 * channel's outlets restrict the articles, and the answer (or refusal) is recorded for votes and the report.
 * An Error when the question cannot be asked here (the line to tell the user).
 */
export async function answerInDiscord(services: BotServices, question: DiscordQuestion): Promise<RecordedAnswer | Error> {
  const sources = sourcesFor(services, question);
  if (sources instanceof Error) return sources;
  const { answer, followUp } = await answerFollowUp(question.previous?.asked ?? null, question.question, (asked) =>
    answerFromSources(services, asked, question.options, sources),
  );
  const shown: Answer = { ...answer, question: question.question };
  const id = logAnswer(services.store, {
    guildId: question.guildId,
    channelId: question.channelId,
    userId: question.userId,
    question: question.question,
    asked: followUp.question,
    answered: answer.answered,
    answerText: answer.text,
    quotes: answer.quotes.map(({ text, articleId, citation }) => ({ text, articleId, citation })),
    filters: { ...(question.options.since ? { since: question.options.since } : {}), ...(question.options.until ? { until: question.options.until } : {}), ...(sources ? { sources } : {}) },
    carried: followUp.carried ? describeCarried(followUp.carried) : null,
    askedAt: services.clock().toISOString(),
  });
  return { answer: shown, id, carried: followUp.carried };
}

/** 👍/👎 under every answer and refusal, and "Show passages" when there are passages. */
export function answerButtons(services: BotServices, recorded: RecordedAnswer): ActionRowBuilder<ButtonBuilder> {
  const row = new ActionRowBuilder<ButtonBuilder>();
  if (recorded.answer.passages.length > 0) {
    row.addComponents(new ButtonBuilder().setCustomId(`ask:passages:${services.answers.add(recorded.answer)}:0`).setLabel("Show passages").setStyle(ButtonStyle.Secondary));
  }
  return row.addComponents(
    new ButtonBuilder().setCustomId(`ask:vote:up:${recorded.id}`).setEmoji("👍").setStyle(ButtonStyle.Secondary),
    new ButtonBuilder().setCustomId(`ask:vote:down:${recorded.id}`).setEmoji("👎").setStyle(ButtonStyle.Secondary),
  );
}

/** The answer message: what a follow-up carried over (when it did), the answer embed, and its buttons. */
export function answerMessage(services: BotServices, recorded: RecordedAnswer) {
  return {
    content: recorded.carried ? `-# ↪ ${escapeForDiscord(describeCarried(recorded.carried))}` : undefined,
    embeds: [renderAnswerEmbed(recorded.answer)],
    components: [answerButtons(services, recorded)],
  };
}
