import type { Client } from "discord.js";
import type { Answer, Quote } from "../answers";
import { getArticlesByRowid } from "../store";
import { articlesIngestedBetween, claimFollowPost, listFollows, setFollowChecked, stopFollows, type Follow } from "../store/follows";
import { postInChannel } from "./channel-posts";
import { ownsGuild } from "./ownership";
import { renderAnswerEmbed } from "./render/answer-message";
import { answerFor } from "./respond";
import type { BotServices } from "./types";

/** Quotes in one follow post at most: more new articles at once are posted as several batches. */
const QUOTES_PER_POST = 5;

/**
 * The earliest day the new articles were published, so the question is asked of the new news rather than
 * of older articles that would outrank it; null when some new article is undated (then nothing is left out).
 */
function earliestDay(services: BotServices, rowids: Set<number>): string | null {
  const articles = [...getArticlesByRowid(services.store, [...rowids]).values()];
  if (articles.some((article) => !article.published)) return null;
  return articles.map((article) => article.published!.slice(0, 10)).sort()[0] ?? null;
}

/** The answer's quotes from the new articles, one per article (its best), numbered afresh. */
function newQuotes(answer: Answer, rowidOf: Map<string, number>, fresh: Set<number>): { quote: Quote; rowid: number }[] {
  const seen = new Set<number>();
  const picked: { quote: Quote; rowid: number }[] = [];
  for (const quote of answer.quotes) {
    const rowid = rowidOf.get(quote.articleId);
    if (rowid === undefined || !fresh.has(rowid) || seen.has(rowid)) continue;
    seen.add(rowid);
    picked.push({ quote, rowid });
  }
  return picked;
}

/** The quotes as an answer-shaped post: "Following: QUESTION", quotes and their sources. */
function followPost(follow: Follow, answer: Answer, quotes: Quote[]): Answer {
  const renumbered = quotes.map((quote, index) => ({ ...quote, citation: index + 1 }));
  const sources = renumbered.map((quote) => {
    const { title, url, published, source, articleId, citation } = quote;
    return { title, url, published, source, articleId, citation };
  });
  return { ...answer, question: `Following: ${follow.question}`, quotes: renumbered, sources };
}

/**
 * Checks every followed question against the articles ingested since it was last checked: each new article
 * that answers it with a verified quote not posted before is posted once in the follow's channel, in batches.
 * A channel that is gone stops its follows, with a warning. Only the follows of this client's servers: each shard
 * checks its own.
 */
export function createFollowChecker(client: Client, services: BotServices) {
  const { store, logger, clock } = services;
  let running: Promise<void> = Promise.resolve();

  async function checkFollow(follow: Follow, through: string): Promise<"ok" | "gone"> {
    const fresh = articlesIngestedBetween(store, follow.checkedThrough, through);
    if (fresh.size === 0) {
      setFollowChecked(store, follow.id, through);
      return "ok";
    }
    const since = earliestDay(services, fresh);
    const answer = await answerFor(services, follow.question, since ? { since } : {});
    const articles = getArticlesByRowid(store, [...fresh]);
    const rowidOf = new Map([...articles.values()].map((article) => [article.id, article.rowid]));
    const claimed = newQuotes(answer, rowidOf, fresh).filter(({ quote, rowid }) => claimFollowPost(store, follow.id, rowid, quote.text, clock()));
    for (let start = 0; start < claimed.length; start += QUOTES_PER_POST) {
      const batch = claimed.slice(start, start + QUOTES_PER_POST).map(({ quote }) => quote);
      const outcome = await postInChannel(client, follow.channelId, { embeds: [renderAnswerEmbed(followPost(follow, answer, batch))] });
      if (outcome.status === "gone") return "gone";
      if (outcome.status === "failed") logger.warn({ followId: follow.id, channelId: follow.channelId, reason: outcome.reason }, "could not post new quotes for a followed question");
    }
    setFollowChecked(store, follow.id, through);
    if (claimed.length > 0) logger.info({ followId: follow.id, channelId: follow.channelId, quotes: claimed.length }, "posted new quotes for a followed question");
    return "ok";
  }

  async function checkAll(): Promise<void> {
    const through = clock().toISOString();
    for (const follow of listFollows(store).filter((candidate) => ownsGuild(client, candidate.guildId))) {
      const outcome = await checkFollow(follow, through);
      if (outcome === "gone") {
        const stopped = stopFollows(store, follow.channelId);
        logger.warn({ channelId: follow.channelId, guildId: follow.guildId, follows: stopped }, "the channel of a followed question is gone; its follows are stopped");
      }
    }
  }

  /** Runs after ingests; checks never overlap. */
  return (): Promise<void> => {
    running = running.then(checkAll).catch((error: unknown) => logger.error({ err: error }, "checking followed questions failed"));
    return running;
  };
}
