/**
 * The database is the source of truth. An article is stored once per distinct text; every file or feed item
 * that produced it is a "copy" (syndicated duplicates are several copies of one article).
 * Chunk rowids never get reused (AUTOINCREMENT) because they are the labels of the HNSW cache. A chunk is its
 * span [start, end) of the article's text (UTF-16 offsets, as JavaScript counts them), not a copy of it; its vector
 * is stored as float16 (see vector-index.ts).
 * Version 2: chunks lost their `text` column and vectors went from float32 to float16 (migrate-schema.ts).
 */
export const SCHEMA_VERSION = 2;

export const schemaSql = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  url TEXT,
  published TEXT,
  source TEXT,
  author TEXT,
  text_hash TEXT NOT NULL,
  ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_text_hash ON articles(text_hash);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);

CREATE TABLE IF NOT EXISTS article_copies (
  id TEXT PRIMARY KEY,
  article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  url TEXT,
  path TEXT,
  content_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS article_copies_article ON article_copies(article_rowid);
CREATE INDEX IF NOT EXISTS article_copies_path ON article_copies(path);

CREATE TABLE IF NOT EXISTS chunks (
  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
  article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  embedding BLOB
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_rowid);

CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
  title, body,
  content = '',
  contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Document frequencies of the stemmed terms, for weighting query words by how rare they are.
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vocab USING fts5vocab(chunks_fts, 'row');

-- Per-server digest settings (the bot's /digest commands change them).
CREATE TABLE IF NOT EXISTS digest_settings (
  guild_id TEXT PRIMARY KEY,
  channel_id TEXT,
  time TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

-- Every digest sent or attempted: "posting" is written before sending and replaced after, so a restart knows
-- what happened. A scheduled digest carries its server-local day (at most one per server and day);
-- one posted on demand has none.
CREATE TABLE IF NOT EXISTS digest_runs (
  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
  guild_id TEXT NOT NULL,
  day TEXT,
  channel_id TEXT NOT NULL,
  window_from TEXT NOT NULL,
  window_to TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('posting', 'posted', 'quiet', 'failed')),
  reason TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS digest_runs_guild_day ON digest_runs(guild_id, day) WHERE day IS NOT NULL;
CREATE INDEX IF NOT EXISTS digest_runs_guild_to ON digest_runs(guild_id, window_to);

-- Per-feed polling state: when to poll next (later after failures), what /sources reports, and the
-- validators of the last response for conditional requests.
CREATE TABLE IF NOT EXISTS feed_state (
  url TEXT PRIMARY KEY,
  title TEXT,
  last_attempt_at TEXT,
  last_success_at TEXT,
  last_error TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  next_poll_at TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT
);

-- A hash of the feed item each feed copy was built from: an item that did not change is neither
-- fetched again (full text) nor rewritten.
CREATE TABLE IF NOT EXISTS feed_items (
  copy_id TEXT PRIMARY KEY,
  feed_url TEXT NOT NULL,
  item_hash TEXT NOT NULL,
  seen_at TEXT NOT NULL
);

-- The feeds polled, managed with \`feeds add|remove\` and /feeds (FEEDS adds to them at start). A feed may
-- name a channel where its new articles are announced; announcing starts after the first poll that sees
-- the feed's items (announcements_ready), so adding a feed does not post its whole backlog.
CREATE TABLE IF NOT EXISTS feeds (
  url TEXT PRIMARY KEY,
  guild_id TEXT,
  channel_id TEXT,
  announcements_ready INTEGER NOT NULL DEFAULT 0,
  added_at TEXT NOT NULL
);

-- Articles announced (or passed over as backlog) per channel: one row per article, so syndicated copies,
-- which share an article, are announced once.
CREATE TABLE IF NOT EXISTS feed_announcements (
  channel_id TEXT NOT NULL,
  article_rowid INTEGER NOT NULL,
  feed_url TEXT NOT NULL,
  posted INTEGER NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (channel_id, article_rowid)
);

-- Per-channel settings from /channel; null means "the default" (QA_CHANNEL_IDS, every outlet, threads on).
CREATE TABLE IF NOT EXISTS channel_settings (
  channel_id TEXT PRIMARY KEY,
  guild_id TEXT NOT NULL,
  answers INTEGER,
  sources TEXT,
  threads INTEGER,
  updated_at TEXT NOT NULL
);

-- Every answer and refusal posted in Discord, with what it was asked under: the feedback report counts
-- refused questions from here, and votes and follow-up questions refer to it. message_id is the posted
-- message; channel_id is where it was posted (a thread, for answers in threads).
CREATE TABLE IF NOT EXISTS answer_log (
  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
  guild_id TEXT,
  channel_id TEXT,
  message_id TEXT,
  user_id TEXT,
  question TEXT NOT NULL,
  asked TEXT NOT NULL,
  answered INTEGER NOT NULL,
  answer_text TEXT NOT NULL,
  quotes TEXT NOT NULL,
  filters TEXT NOT NULL,
  carried TEXT,
  asked_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answer_log_message ON answer_log(message_id);
CREATE INDEX IF NOT EXISTS answer_log_channel ON answer_log(channel_id, rowid);

-- One vote per person per answer (the latest counts): +1 or -1.
CREATE TABLE IF NOT EXISTS answer_votes (
  answer_rowid INTEGER NOT NULL REFERENCES answer_log(rowid) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
  voted_at TEXT NOT NULL,
  PRIMARY KEY (answer_rowid, user_id)
);

-- Questions followed in a channel (/follow); checked_through is the ingest time up to which new articles
-- were looked at. active = 0 after /unfollow or when the channel is gone.
CREATE TABLE IF NOT EXISTS follows (
  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
  guild_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  question TEXT NOT NULL,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  checked_through TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS follows_channel ON follows(channel_id);

-- What a follow posted: at most once per article, and never the same quote twice.
CREATE TABLE IF NOT EXISTS follow_posts (
  follow_rowid INTEGER NOT NULL REFERENCES follows(rowid) ON DELETE CASCADE,
  article_rowid INTEGER NOT NULL,
  quote TEXT NOT NULL,
  posted_at TEXT NOT NULL,
  PRIMARY KEY (follow_rowid, article_rowid)
);
`;
