import { readMeta } from "./meta";
import type { Store } from "./types";

/** The `stats --json` shape of CONTRACT.md, plus what `/sources` shows. */
export interface IndexStats {
  articles: number;
  chunks: number;
  embeddedChunks: number;
  model: string | null;
  dense: boolean;
  lastIngest: string | null;
}

export function readStats(store: Store): IndexStats {
  const count = (sql: string) => store.db.prepare(sql).pluck().get() as number;
  const embeddedChunks = count("SELECT count(*) FROM chunks WHERE embedding IS NOT NULL");
  const model = readMeta(store.db, "model");
  return {
    articles: count("SELECT count(*) FROM articles"),
    chunks: count("SELECT count(*) FROM chunks"),
    embeddedChunks,
    model,
    dense: model !== null && embeddedChunks > 0,
    lastIngest: readMeta(store.db, "last_ingest"),
  };
}

/** Outlets with their article counts, and the date range, for `/sources`. */
export function readCoverage(store: Store): { outlets: { source: string; articles: number }[]; oldest: string | null; newest: string | null } {
  const outlets = store.db
    .prepare("SELECT source, count(*) AS articles FROM articles WHERE source IS NOT NULL GROUP BY source ORDER BY articles DESC, source")
    .all() as { source: string; articles: number }[];
  const range = store.db.prepare("SELECT min(published) AS oldest, max(published) AS newest FROM articles").get() as {
    oldest: string | null;
    newest: string | null;
  };
  return { outlets, ...range };
}

/** Whether any article is stored: asking an empty index is a step missed, not a question the articles can't answer. */
export function hasArticles(store: Store): boolean {
  return store.db.prepare("SELECT EXISTS (SELECT 1 FROM articles)").pluck().get() === 1;
}
