import type { Store } from "./types";
import { writeTransaction } from "./write-transaction";

/** How polling one feed has gone; times are ISO instants. */
export interface FeedState {
  url: string;
  /** The feed's own title, as of the last successful poll. */
  title: string | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  /** Why the last poll failed; null once a poll succeeds. */
  lastError: string | null;
  consecutiveFailures: number;
  nextPollAt: string;
  /** Validators of the last feed response, sent back so an unchanged feed costs a 304. */
  etag: string | null;
  lastModified: string | null;
}

const STATE_COLUMNS = `url, title, last_attempt_at AS lastAttemptAt, last_success_at AS lastSuccessAt, last_error AS lastError,
  consecutive_failures AS consecutiveFailures, next_poll_at AS nextPollAt, etag, last_modified AS lastModified`;

export function readFeedState(store: Store, url: string): FeedState | null {
  const row = store.db.prepare(`SELECT ${STATE_COLUMNS} FROM feed_state WHERE url = ?`).get(url) as FeedState | undefined;
  return row ?? null;
}

export function saveFeedState(store: Store, state: FeedState): void {
  const upsert = store.db.prepare(
    `INSERT INTO feed_state (url, title, last_attempt_at, last_success_at, last_error, consecutive_failures, next_poll_at, etag, last_modified)
     VALUES (@url, @title, @lastAttemptAt, @lastSuccessAt, @lastError, @consecutiveFailures, @nextPollAt, @etag, @lastModified)
     ON CONFLICT(url) DO UPDATE SET title = excluded.title, last_attempt_at = excluded.last_attempt_at,
       last_success_at = excluded.last_success_at, last_error = excluded.last_error,
       consecutive_failures = excluded.consecutive_failures, next_poll_at = excluded.next_poll_at,
       etag = excluded.etag, last_modified = excluded.last_modified`,
  );
  writeTransaction(store.db, () => upsert.run(state));
}

/** The hash of the feed item a copy was last built from; null for a copy no feed item made. */
export function readFeedItemHash(store: Store, copyId: string): string | null {
  return (store.db.prepare("SELECT item_hash FROM feed_items WHERE copy_id = ?").pluck().get(copyId) as string | undefined) ?? null;
}

export function saveFeedItemHashes(store: Store, feedUrl: string, items: { copyId: string; itemHash: string }[], seenAt: string): void {
  const upsert = store.db.prepare(
    `INSERT INTO feed_items (copy_id, feed_url, item_hash, seen_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(copy_id) DO UPDATE SET feed_url = excluded.feed_url, item_hash = excluded.item_hash, seen_at = excluded.seen_at`,
  );
  writeTransaction(store.db, () => {
    for (const { copyId, itemHash } of items) upsert.run(copyId, feedUrl, itemHash, seenAt);
  });
}
