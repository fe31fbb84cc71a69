import type Database from "better-sqlite3";
import type { VectorIndex } from "./vector-index";

/** The data object every store function works on (Orama-style: plain functions over data). */
export interface Store {
  readonly db: Database.Database;
  readonly dir: string;
  /** The HNSW cache of the stored vectors; null until vectors exist. */
  vectors: VectorIndex | null;
  /** Opened to read beside another process that writes: never saves the HNSW cache, catches it up instead. */
  readonly reader?: boolean;
  /** A reader's `PRAGMA data_version` when it last caught up: it changes when another connection commits. */
  seenDataVersion?: number;
  /** Plain-words notices for the user: the cache was rebuilt, could not be saved. */
  readonly onNotice?: (message: string) => void;
}

/** An article as stored, with every url it was seen under. */
export interface StoredArticle {
  rowid: number;
  id: string;
  title: string;
  text: string;
  url: string | null;
  urls: string[];
  published: string | null;
  source: string | null;
  author: string | null;
  ingestedAt: string;
}

export interface StoredChunk {
  rowid: number;
  /** `<articleId>#<index>`: stable for an unchanged article. */
  chunkId: string;
  articleRowid: number;
  articleId: string;
  index: number;
  start: number;
  end: number;
  text: string;
}

/** Restricts a search to some articles (inclusive ISO bounds compared on the published date). */
export interface ArticleFilter {
  since?: string;
  until?: string;
  source?: string;
}
