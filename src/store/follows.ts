import type { Store } from "./types";

/** A question followed in a channel. */
export interface Follow {
  id: number;
  guildId: string;
  channelId: string;
  question: string;
  userId: string;
  createdAt: string;
  /** Articles ingested up to this instant were already looked at. */
  checkedThrough: string;
}

const COLUMNS = "rowid AS id, guild_id AS guildId, channel_id AS channelId, question, user_id AS userId, created_at AS createdAt, checked_through AS checkedThrough";

/** Follows a question from now on: articles already stored are not news. */
export function addFollow(store: Store, follow: Pick<Follow, "guildId" | "channelId" | "question" | "userId">, now: Date): number {
  const at = now.toISOString();
  return Number(
    store.db
      .prepare("INSERT INTO follows (guild_id, channel_id, question, user_id, created_at, checked_through, active) VALUES (?, ?, ?, ?, ?, ?, 1)")
      .run(follow.guildId, follow.channelId, follow.question, follow.userId, at, at).lastInsertRowid,
  );
}

export function listFollows(store: Store, channelId?: string): Follow[] {
  const where = channelId === undefined ? "" : "AND channel_id = ?";
  return store.db.prepare(`SELECT ${COLUMNS} FROM follows WHERE active = 1 ${where} ORDER BY rowid`).all(...(channelId === undefined ? [] : [channelId])) as Follow[];
}

/** Stops following in a channel: one follow by id, or all of the channel's. Returns how many stopped. */
export function stopFollows(store: Store, channelId: string, id?: number): number {
  const byId = id === undefined ? "" : "AND rowid = ?";
  return store.db.prepare(`UPDATE follows SET active = 0 WHERE active = 1 AND channel_id = ? ${byId}`).run(channelId, ...(id === undefined ? [] : [id])).changes;
}

export function setFollowChecked(store: Store, id: number, through: string): void {
  store.db.prepare("UPDATE follows SET checked_through = ? WHERE rowid = ?").run(through, id);
}

/** Articles ingested after `after` (and by `through`), by rowid. */
export function articlesIngestedBetween(store: Store, after: string, through: string): Set<number> {
  return new Set(store.db.prepare("SELECT rowid FROM articles WHERE ingested_at > ? AND ingested_at <= ?").pluck().all(after, through) as number[]);
}

/** The latest ingest time of any article. */
export function latestIngestedAt(store: Store): string | null {
  return (store.db.prepare("SELECT MAX(ingested_at) FROM articles").pluck().get() as string | null) ?? null;
}

/**
 * Claims an article for a follow's post: false when the follow already posted from that article or already
 * posted this quote. Claiming before posting means a crash can lose a post but never repeat one.
 */
export function claimFollowPost(store: Store, followId: number, articleRowid: number, quote: string, now: Date): boolean {
  return store.db
    .transaction(() => {
      const quoted = store.db.prepare("SELECT 1 FROM follow_posts WHERE follow_rowid = ? AND quote = ?").get(followId, quote);
      if (quoted) return false;
      return (
        store.db
          .prepare("INSERT OR IGNORE INTO follow_posts (follow_rowid, article_rowid, quote, posted_at) VALUES (?, ?, ?, ?)")
          .run(followId, articleRowid, quote, now.toISOString()).changes === 1
      );
    })
    .immediate();
}
