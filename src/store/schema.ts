/**
 * The database is the source of truth. An article is stored once per distinct text; every file or feed item
 * that produced it is a "copy" (syndicated duplicates are several copies of one article).
 * Chunk rowids never get reused (AUTOINCREMENT) because they are the labels of the HNSW cache.
 */
export const SCHEMA_VERSION = 1;

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
  text TEXT NOT NULL,
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
`;
