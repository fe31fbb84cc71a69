import type { Store } from "./types";

/** A feed in the list the poller reads, and where its new articles are announced. */
export interface FeedEntry {
  url: string;
  guildId: string | null;
  /** Null: the feed's articles are stored, not announced. */
  channelId: string | null;
  addedAt: string;
}

const FEED_COLUMNS = "url, guild_id AS guildId, channel_id AS channelId, added_at AS addedAt";

export function listFeeds(store: Store): FeedEntry[] {
  return store.db.prepare(`SELECT ${FEED_COLUMNS} FROM feeds ORDER BY added_at, url`).all() as FeedEntry[];
}

export function readFeed(store: Store, url: string): FeedEntry | null {
  return (store.db.prepare(`SELECT ${FEED_COLUMNS} FROM feeds WHERE url = ?`).get(url) as FeedEntry | undefined) ?? null;
}

/**
 * Adds a feed, or changes where an existing one is announced. Returns whether it is new. A feed that gets a
 * channel starts announcing after its next poll: what it already holds is backlog, not news.
 */
export function saveFeed(store: Store, feed: { url: string; guildId: string | null; channelId: string | null }, now: Date): boolean {
  return store.db
    .transaction(() => {
      const existing = readFeed(store, feed.url);
      if (!existing) {
        store.db
          .prepare("INSERT INTO feeds (url, guild_id, channel_id, announcements_ready, added_at) VALUES (?, ?, ?, 0, ?)")
          .run(feed.url, feed.guildId, feed.channelId, now.toISOString());
        return true;
      }
      if (existing.channelId !== feed.channelId) {
        store.db.prepare("UPDATE feeds SET guild_id = ?, channel_id = ?, announcements_ready = 0 WHERE url = ?").run(feed.guildId, feed.channelId, feed.url);
      }
      return false;
    })
    .immediate();
}

/** Adds feeds named by FEEDS that the list lacks; their announcement settings are left to /feeds. */
export function addMissingFeeds(store: Store, urls: string[], now: Date): void {
  const insert = store.db.prepare("INSERT INTO feeds (url, guild_id, channel_id, announcements_ready, added_at) VALUES (?, NULL, NULL, 0, ?) ON CONFLICT(url) DO NOTHING");
  store.db.transaction(() => urls.forEach((url) => insert.run(url, now.toISOString()))).immediate();
}

/** Removes a feed from the list (its articles stay); false when it was not in the list. */
export function removeFeed(store: Store, url: string): boolean {
  return store.db
    .transaction(() => {
      const removed = store.db.prepare("DELETE FROM feeds WHERE url = ?").run(url).changes === 1;
      store.db.prepare("DELETE FROM feed_state WHERE url = ?").run(url);
      return removed;
    })
    .immediate();
}

/** How many articles each feed's items gave. */
export function countFeedArticles(store: Store): Map<string, number> {
  const rows = store.db
    .prepare(
      `SELECT feed_items.feed_url AS url, COUNT(DISTINCT article_copies.article_rowid) AS articles
       FROM feed_items JOIN article_copies ON article_copies.id = feed_items.copy_id GROUP BY feed_items.feed_url`,
    )
    .all() as { url: string; articles: number }[];
  return new Map(rows.map((row) => [row.url, row.articles]));
}

/** An article of a feed, for announcing it. */
export interface FeedArticle {
  articleRowid: number;
  title: string;
  text: string;
  url: string | null;
  source: string | null;
  published: string | null;
}

/**
 * The feed's articles not yet announced (or passed over) in its channel, oldest first. On the feed's first
 * poll with a channel they are all marked as passed over and none is returned.
 */
export function takeArticlesToAnnounce(store: Store, feedUrl: string, now: Date): { channelId: string; guildId: string | null; articles: FeedArticle[] } | null {
  return store.db
    .transaction(() => {
      const feed = store.db.prepare("SELECT channel_id AS channelId, guild_id AS guildId, announcements_ready AS ready FROM feeds WHERE url = ?").get(feedUrl) as
        | { channelId: string | null; guildId: string | null; ready: number }
        | undefined;
      if (!feed?.channelId) return null;
      const articles = store.db
        .prepare(
          `SELECT DISTINCT articles.rowid AS articleRowid, articles.title, articles.text, articles.url, articles.source, articles.published
           FROM feed_items
           JOIN article_copies ON article_copies.id = feed_items.copy_id
           JOIN articles ON articles.rowid = article_copies.article_rowid
           WHERE feed_items.feed_url = ?
             AND NOT EXISTS (SELECT 1 FROM feed_announcements fa WHERE fa.channel_id = ? AND fa.article_rowid = articles.rowid)
           ORDER BY articles.published, articles.rowid`,
        )
        .all(feedUrl, feed.channelId) as FeedArticle[];
      if (feed.ready === 0) {
        const mark = store.db.prepare("INSERT OR IGNORE INTO feed_announcements (channel_id, article_rowid, feed_url, posted, at) VALUES (?, ?, ?, 0, ?)");
        for (const article of articles) mark.run(feed.channelId, article.articleRowid, feedUrl, now.toISOString());
        store.db.prepare("UPDATE feeds SET announcements_ready = 1 WHERE url = ?").run(feedUrl);
        return { channelId: feed.channelId, guildId: feed.guildId, articles: [] };
      }
      return { channelId: feed.channelId, guildId: feed.guildId, articles };
    })
    .immediate();
}

/** Records an article as announced in a channel; false when it already was (another feed got there first). */
export function markAnnounced(store: Store, channelId: string, articleRowid: number, feedUrl: string, now: Date): boolean {
  return (
    store.db
      .prepare("INSERT OR IGNORE INTO feed_announcements (channel_id, article_rowid, feed_url, posted, at) VALUES (?, ?, ?, 1, ?)")
      .run(channelId, articleRowid, feedUrl, now.toISOString()).changes === 1
  );
}

/** Stops announcing in a channel that is gone; returns the feeds that announced there. */
export function clearAnnouncementChannel(store: Store, channelId: string): string[] {
  return store.db
    .transaction(() => {
      const urls = store.db.prepare("SELECT url FROM feeds WHERE channel_id = ?").pluck().all(channelId) as string[];
      store.db.prepare("UPDATE feeds SET channel_id = NULL, announcements_ready = 0 WHERE channel_id = ?").run(channelId);
      return urls;
    })
    .immediate();
}

/** Gives back a claim whose post failed, so the next poll tries again. */
export function unmarkAnnounced(store: Store, channelId: string, articleRowid: number): void {
  store.db.prepare("DELETE FROM feed_announcements WHERE channel_id = ? AND article_rowid = ? AND posted = 1").run(channelId, articleRowid);
}
