import { EmbedBuilder, type Client } from "discord.js";
import type { FeedPollResult } from "../feeds";
import { pickLeadQuotes } from "../digest/pick-lead-quotes";
import { formatPublished } from "../answers";
import { boilerplateParagraphs, type BoilerplateTest } from "../answers/boilerplate";
import { clearAnnouncementChannel, listFeeds, markAnnounced, takeArticlesToAnnounce, unmarkAnnounced, type FeedArticle } from "../store/feed-list";
import { postInChannel } from "./channel-posts";
import { ownsChannel } from "./ownership";
import { escapeForDiscord } from "./render/escape";
import { LIMITS, trimAtBoundary } from "./render/limits";
import type { BotServices } from "./types";

const ANNOUNCE_COLOR = 0x2f855a;

/** Headline (linked), one lead sentence (not its outlet's boilerplate), outlet and date: the article as a feed reader shows it. */
export function announcementEmbed(article: FeedArticle, isBoilerplate: BoilerplateTest): EmbedBuilder {
  const embed = new EmbedBuilder().setColor(ANNOUNCE_COLOR).setTitle(trimAtBoundary(escapeForDiscord(article.title), LIMITS.embedTitle));
  if (article.url && /^https?:\/\//i.test(article.url)) embed.setURL(article.url);
  const stored = { rowid: article.articleRowid, text: article.text, source: article.source };
  const lead = pickLeadQuotes({ id: String(article.articleRowid), text: article.text }, (at) => isBoilerplate(stored, at))[0]?.text;
  if (lead) embed.setDescription(trimAtBoundary(escapeForDiscord(lead), 1000));
  const footer = [article.source, formatPublished(article.published)].filter(Boolean).join(" · ");
  if (footer) embed.setFooter({ text: footer });
  return embed;
}

/**
 * After each poll: every new article of a feed with a channel is posted there once. Syndicated copies share
 * one article, so they are announced once per channel whichever feeds carried them. Only feeds announced in this
 * client's servers: with shards, each shard announces in its own.
 */
export function createFeedAnnouncer(client: Client, services: Pick<BotServices, "store" | "logger" | "clock">) {
  const { store, logger, clock } = services;
  return async (results: FeedPollResult[]): Promise<void> => {
    const isBoilerplate = boilerplateParagraphs(store);
    const announcedHere = new Set(
      listFeeds(store)
        .filter((feed) => feed.channelId !== null && ownsChannel(client, feed.guildId, feed.channelId))
        .map((feed) => feed.url),
    );
    for (const result of results.filter((polled) => polled.ok && announcedHere.has(polled.url))) {
      const due = takeArticlesToAnnounce(store, result.url, clock());
      if (!due) continue;
      for (const article of due.articles) {
        // Claimed before posting: a crash can drop an announcement but never post one twice.
        if (!markAnnounced(store, due.channelId, article.articleRowid, result.url, clock())) continue;
        const outcome = await postInChannel(client, due.channelId, { embeds: [announcementEmbed(article, isBoilerplate)] });
        if (outcome.status === "gone") {
          const feeds = clearAnnouncementChannel(store, due.channelId);
          logger.warn({ channelId: due.channelId, guildId: due.guildId, feeds }, "the announcement channel is gone; its feeds are no longer announced (set another with /feeds add)");
          break;
        }
        if (outcome.status === "failed") {
          unmarkAnnounced(store, due.channelId, article.articleRowid);
          logger.warn({ channelId: due.channelId, feed: result.url, reason: outcome.reason }, "could not announce an article; trying again after the next poll");
          break;
        }
      }
    }
  };
}
