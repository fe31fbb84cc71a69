import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ParsedArticle } from "../src/articles/types";
import {
  checkStoreIntegrity,
  closeStore,
  compactVectorsIfNeeded,
  findCopy,
  getArticle,
  getChunks,
  iterateChunkTexts,
  listChunksWithoutVectors,
  openStore,
  publishedAround,
  readStats,
  refreshVectors,
  removeCopies,
  searchFulltext,
  searchVectors,
  StoreError,
  writeArticle,
  writeMeta,
  writeTransaction,
  type Store,
} from "../src/store";
import { blobToVector, rebuildVectorIndex, vectorToBlob } from "../src/store/vector-index";

let dir: string;
let store: Store;

function article(id: string, text: string, extra: Partial<ParsedArticle> = {}): ParsedArticle {
  return { id, title: `Title ${id}`, text, url: null, published: "2025-06-24", source: "Test Times", author: null, path: `/tmp/${id}.txt`, ...extra };
}

/** A unit vector pointing mostly along one axis, so nearest neighbours are predictable. */
function axisVector(axis: number, dimensions = 8): Float32Array {
  const vector = new Float32Array(dimensions).fill(0.05);
  vector[axis] = 1;
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function store1(id: string, text: string, axis: number | null, extra: Partial<ParsedArticle> = {}) {
  const parsed = article(id, text, extra);
  writeArticle(
    store,
    { article: parsed, contentHash: `c-${id}-${text}`, textHash: `t-${text}`, ingestedAt: "2025-06-25T00:00:00.000Z" },
    {
      chunks: [{ index: 0, start: 0, end: text.length, text }],
      vectors: axis === null ? null : { model: "test/model", values: [axisVector(axis)] },
    },
  );
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-store-"));
  store = openStore(dir);
});

afterEach(() => {
  try {
    closeStore(store);
  } catch {
    // already closed by the test
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("write transactions", () => {
  it("take the write lock at BEGIN, so another process's write cannot slip in between a read and a write", () => {
    const other = new Database(path.join(dir, "newsdesk.db"));
    other.pragma("busy_timeout = 0");
    writeTransaction(store.db, () => {
      store.db.prepare("SELECT count(*) FROM articles").get();
      // A deferred transaction would have let this commit and then failed its own write with SQLITE_BUSY_SNAPSHOT.
      expect(() => other.prepare("INSERT INTO meta (key, value) VALUES ('other', '1')").run()).toThrow(/locked|busy/i);
      writeMeta(store.db, "mine", "1");
    });
    other.close();
    expect(store.db.prepare("SELECT value FROM meta WHERE key = 'mine'").pluck().get()).toBe("1");
  });

  it("say in one line that the index stayed locked, after retrying", () => {
    const other = new Database(path.join(dir, "newsdesk.db"));
    store.db.pragma("busy_timeout = 0");
    other.exec("BEGIN IMMEDIATE");
    let attempts = 0;
    const write = () =>
      writeTransaction(store.db, () => {
        attempts += 1;
        writeMeta(store.db, "mine", "1");
      });
    expect(write).toThrow(StoreError);
    expect(write).toThrow(/^the index .*newsdesk\.db stayed locked by another process writing to it; try again/);
    expect(attempts).toBe(0);
    other.exec("COMMIT");
    write();
    expect(attempts).toBe(1);
    other.close();
  });
});

describe("a damaged database", () => {
  it("that is not a database at all stops with one line naming the file and the way out", () => {
    closeStore(store);
    const file = path.join(dir, "newsdesk.db");
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    fs.writeFileSync(file, Buffer.alloc(8192, "garbage "));
    expect(() => openStore(dir)).toThrow(StoreError);
    expect(() => openStore(dir)).toThrow(
      `the index database ${file} is damaged (file is not a database); move it aside (mv "${file}" "${file}.broken") and run ` +
        "`npm run -s cli -- ingest` to rebuild it from ARTICLES_DIR (feeds refill at their next poll)",
    );
  });

  it("with damaged pages is found by the check at start, in one line", () => {
    for (let i = 0; i < 200; i++) store1(`a${i}`, `Article number ${i} about harbours, ferries and the weather in the north. `.repeat(20), null);
    closeStore(store);
    const file = path.join(dir, "newsdesk.db");
    const bytes = fs.readFileSync(file);
    for (let at = 8 * 4096; at < bytes.length - 4096; at += 3 * 4096) bytes.fill(0xa5, at + 100, at + 2000);
    fs.writeFileSync(file, bytes);
    expect(() => checkStoreIntegrity((store = openStore(dir)))).toThrow(/^the index database .*newsdesk\.db is damaged \(.*\); move it aside/);
  });
});

describe("store", () => {
  it("keeps articles, chunks and vectors and finds them by keyword and by vector", () => {
    store1("a", "The Kremlin welcomed a ceasefire between Iran and Israel.", 0);
    store1("b", "Volcano erupts seven times in three hours in Indonesia.", 1);
    expect(readStats(store)).toMatchObject({ articles: 2, chunks: 2, embeddedChunks: 2, model: "test/model", dense: true });
    const keyword = searchFulltext(store, '"ceasefire"', { limit: 5 });
    expect(keyword).toHaveLength(1);
    const nearest = searchVectors(store.vectors!, axisVector(1), 1);
    expect(getArticle(store, "b")).not.toBeNull();
    expect(nearest[0]!.label).toBe(keyword[0]!.rowid + 1);
  });

  it("stems with porter: 'erupted' finds 'erupts'", () => {
    store1("b", "Volcano erupts seven times in three hours in Indonesia.", null);
    expect(searchFulltext(store, "erupted", { limit: 5 })).toHaveLength(1);
  });

  it("filters by date and source", () => {
    store1("old", "Ceasefire talks in June.", null, { published: "2025-06-24" });
    store1("new", "Ceasefire talks in December.", null, { published: "2025-12-30", source: "Reuters" });
    expect(searchFulltext(store, "ceasefire", { limit: 5, filter: { since: "2025-12-01" } })).toHaveLength(1);
    expect(searchFulltext(store, "ceasefire", { limit: 5, filter: { until: "2025-06-30" } })).toHaveLength(1);
    expect(searchFulltext(store, "ceasefire", { limit: 5, filter: { source: "reuters" } })).toHaveLength(1);
  });

  it("replaces an updated article's chunks and vectors", () => {
    store1("a", "First version about ceasefire.", 0);
    store1("a", "Second version about volcanoes.", 2);
    expect(readStats(store)).toMatchObject({ articles: 1, chunks: 1, embeddedChunks: 1 });
    expect(searchFulltext(store, "ceasefire", { limit: 5 })).toHaveLength(0);
    expect(searchFulltext(store, "volcanoes", { limit: 5 })).toHaveLength(1);
    const nearest = searchVectors(store.vectors!, axisVector(0), 5);
    expect(nearest).toHaveLength(1);
  });

  it("removes copies, their articles, chunks and vectors", () => {
    store1("a", "About ceasefire.", 0);
    store1("b", "About volcanoes.", 1);
    expect(removeCopies(store, ["a"])).toBe(1);
    expect(findCopy(store, "a")).toBeNull();
    expect(readStats(store)).toMatchObject({ articles: 1, chunks: 1, embeddedChunks: 1 });
    expect(searchVectors(store.vectors!, axisVector(0), 5).map((hit) => hit.label)).not.toContain(1);
  });

  it("reopens with the saved HNSW file, and rebuilds it when it is deleted or corrupt", () => {
    store1("a", "About ceasefire.", 0);
    store1("b", "About volcanoes.", 1);
    closeStore(store);
    expect(fs.existsSync(path.join(dir, "vectors.hnsw"))).toBe(true);

    const notices: string[] = [];
    store = openStore(dir, { onNotice: (message) => notices.push(message) });
    expect(notices).toEqual([]);
    expect(searchVectors(store.vectors!, axisVector(1), 1)[0]!.label).toBe(2);
    closeStore(store);

    fs.rmSync(path.join(dir, "vectors.hnsw"));
    store = openStore(dir, { onNotice: (message) => notices.push(message) });
    expect(notices[0]).toMatch(/rebuilding/);
    expect(searchVectors(store.vectors!, axisVector(1), 1)[0]!.label).toBe(2);
    closeStore(store);

    fs.writeFileSync(path.join(dir, "vectors.hnsw"), "not an index");
    store = openStore(dir, { onNotice: (message) => notices.push(message) });
    expect(notices[1]).toMatch(/damaged.*rebuilding/);
    expect(searchVectors(store.vectors!, axisVector(0), 1)[0]!.label).toBe(1);
  });

  it("catches a stale HNSW file up with the database (a crash after commit, before save)", () => {
    store1("a", "About ceasefire.", 0);
    closeStore(store);
    const savedIndex = fs.readFileSync(path.join(dir, "vectors.hnsw"));
    const savedSidecar = fs.readFileSync(path.join(dir, "vectors.json"));
    store = openStore(dir);
    store1("b", "About volcanoes.", 1);
    removeCopies(store, ["a"]);
    closeStore(store);
    // Put the old cache back, as if the process died before saving it.
    fs.writeFileSync(path.join(dir, "vectors.hnsw"), savedIndex);
    fs.writeFileSync(path.join(dir, "vectors.json"), savedSidecar);
    store = openStore(dir);
    const labels = searchVectors(store.vectors!, axisVector(0), 5).map((hit) => hit.label);
    expect(labels).toEqual([2]);
  });

  it("rebuilds a cache with damaged bytes in the middle instead of crashing on it", () => {
    for (let i = 0; i < 300; i++) store1(`a${i}`, `Article number ${i} about things.`, i % 8);
    closeStore(store);
    const file = path.join(dir, "vectors.hnsw");
    const bytes = fs.readFileSync(file);
    const middle = Math.floor(bytes.length / 2) - 2048;
    // Deterministic garbage, same size: only the checksum can tell.
    for (let i = 0; i < 4096; i++) bytes[middle + i] = (i * 7919 + 13) & 0xff;
    fs.writeFileSync(file, bytes);
    const notices: string[] = [];
    store = openStore(dir, { onNotice: (message) => notices.push(message) });
    expect(notices).toEqual(["saved vector index is damaged (its checksum does not match); rebuilding it from the database"]);
    expect(searchVectors(store.vectors!, axisVector(3), 400)).toHaveLength(300);
  });

  it("never renames a cache file cut short by a full disk into place, and saving it is only a notice", () => {
    store1("a", "About ceasefire.", 0);
    closeStore(store);
    const saved = fs.readFileSync(path.join(dir, "vectors.hnsw"));
    const notices: string[] = [];
    store = openStore(dir, { onNotice: (message) => notices.push(message) });
    store1("b", "About volcanoes.", 1);
    // Writes to /dev/full fail with ENOSPC, which hnswlib does not report.
    fs.symlinkSync("/dev/full", path.join(dir, "vectors.hnsw.tmp"));
    expect(() => closeStore(store)).not.toThrow();
    expect(notices).toEqual([expect.stringMatching(/^could not save the vector index in .* \(the vector index was not written in full \(.*is the disk full\?\)\); it will be rebuilt/)]);
    expect(fs.readFileSync(path.join(dir, "vectors.hnsw"))).toEqual(saved);
    // The old file no longer matches the database: it is caught up, and nothing is lost.
    store = openStore(dir);
    expect(searchVectors(store.vectors!, axisVector(1), 5).map((hit) => hit.label).sort()).toEqual([1, 2]);
  });

  it("keeps every vector when two processes write to one index, whoever saves last", () => {
    const other = openStore(dir);
    const write = (target: Store, id: string, axis: number) => {
      const saved = store;
      store = target;
      store1(id, `Article ${id} about things.`, axis);
      store = saved;
    };
    write(store, "a", 0);
    write(other, "b", 1);
    write(store, "c", 2);
    write(other, "d", 3);
    // Each cache took in the other's vectors when it saw the generation had moved on without it.
    expect(searchVectors(other.vectors!, axisVector(0), 10)).toHaveLength(4);
    expect(searchVectors(store.vectors!, axisVector(0), 10)).toHaveLength(3);
    refreshVectors(store);
    expect(searchVectors(store.vectors!, axisVector(0), 10)).toHaveLength(4);
    closeStore(other);
    closeStore(store);
    store = openStore(dir);
    expect(searchVectors(store.vectors!, axisVector(0), 10)).toHaveLength(4);
  });

  it("catches up a cache whose live vectors do not add up to the database's, whatever its generation says", () => {
    store1("a", "About ceasefire.", 0);
    store1("b", "About volcanoes.", 1);
    closeStore(store);
    const raw = new Database(path.join(dir, "newsdesk.db"));
    raw.prepare("UPDATE chunks SET embedding = NULL WHERE rowid = 2").run();
    raw.close();
    store = openStore(dir);
    expect(searchVectors(store.vectors!, axisVector(1), 5).map((hit) => hit.label)).toEqual([1]);
  });

  it("compacts the HNSW cache after many deletions", () => {
    for (let i = 0; i < 20; i++) store1(`a${i}`, `Article number ${i} about things.`, i % 8);
    removeCopies(
      store,
      Array.from({ length: 10 }, (_, i) => `a${i}`),
    );
    expect(store.vectors!.deleted.size).toBe(10);
    expect(compactVectorsIfNeeded(store)).toBe(true);
    expect(store.vectors!.deleted.size).toBe(0);
    expect(store.vectors!.index.getCurrentCount()).toBe(10);
    closeStore(store);
    store = openStore(dir);
    expect(searchVectors(store.vectors!, axisVector(3), 20)).toHaveLength(10);
  });
});

describe("publishedAround", () => {
  // A day in Tokyo (UTC+9), 2 December: [1 Dec 15:00Z, 2 Dec 15:00Z).
  const tokyoSecondOfDecember = { from: "2026-12-01T15:00:00.000Z", to: "2026-12-02T15:00:00.000Z", firstDay: "2026-12-02", lastDay: "2026-12-02" };

  it("finds the newest article before a window and the oldest after it, a date-only date compared as its day", () => {
    store1("a", "Older news.", null, { published: "2026-11-20" });
    store1("b", "Late on 1 December in Tokyo.", null, { published: "2026-12-01T14:00:00.000Z" });
    store1("c", "Dated 3 December only.", null, { published: "2026-12-03" });
    store1("d", "Later still.", null, { published: "2026-12-05T09:00:00.000Z" });
    expect(publishedAround(store, tokyoSecondOfDecember)).toEqual({ before: "2026-12-01T14:00:00.000Z", after: "2026-12-03" });
  });

  it("keeps to an outlet, and finds nothing where nothing was published", () => {
    store1("a", "Older news.", null, { published: "2026-11-20", source: "Ashford Tribune" });
    store1("b", "Late on 1 December in Tokyo.", null, { published: "2026-12-01T14:00:00.000Z", source: "Valley Courier" });
    expect(publishedAround(store, tokyoSecondOfDecember, "Ashford Tribune")).toEqual({ before: "2026-11-20", after: null });
    expect(publishedAround(store, tokyoSecondOfDecember, "Harbour Courier")).toEqual({ before: null, after: null });
  });
});

describe("chunk storage", () => {
  it("reads a chunk back as its span of the article's text, astral characters and all", () => {
    const text = "Fans cheered 🎉 at the final. The 🏆 went to Lisbon after extra time.";
    const second = text.indexOf("The");
    const parsed = article("emoji", text);
    writeArticle(
      store,
      { article: parsed, contentHash: "c", textHash: "t", ingestedAt: "2025-06-25T00:00:00.000Z" },
      {
        chunks: [
          { index: 0, start: 0, end: second - 1, text: text.slice(0, second - 1) },
          { index: 1, start: second, end: text.length, text: text.slice(second) },
        ],
        vectors: null,
      },
    );
    const chunks = [...getChunks(store, [1, 2]).values()];
    expect(chunks.map((chunk) => chunk.text)).toEqual(["Fans cheered 🎉 at the final.", "The 🏆 went to Lisbon after extra time."]);
    expect([...iterateChunkTexts(store)].map((chunk) => [chunk.articleId, chunk.text])).toEqual([
      ["emoji", "Fans cheered 🎉 at the final."],
      ["emoji", "The 🏆 went to Lisbon after extra time."],
    ]);
    expect(listChunksWithoutVectors(store, 5).map((chunk) => chunk.text)).toEqual(chunks.map((chunk) => chunk.text));
    const columns = (store.db.pragma("table_info(chunks)") as { name: string }[]).map((column) => column.name);
    expect(columns).not.toContain("text");
  });

  it("stores a vector's direction as float16, and the cache holds exactly what a rebuild reads", () => {
    const vector = new Float32Array([3, 4, 0, 1e-6]);
    const stored = blobToVector(vectorToBlob(vector));
    expect(vectorToBlob(vector).byteLength).toBe(8);
    expect(Math.abs(stored[0]! - 0.6)).toBeLessThan(3e-4);
    expect(Math.abs(stored[1]! - 0.8)).toBeLessThan(3e-4);
    expect(stored[2]).toBe(0);

    store1("a", "About ceasefire.", 0);
    store1("b", "About volcanoes.", 1);
    const rebuilt = rebuildVectorIndex(store.db, "test/model", 8, 0);
    for (const label of [1, 2]) expect(store.vectors!.index.getPoint(label)).toEqual(rebuilt.index.getPoint(label));
  });
});

describe("an index written by schema version 1", () => {
  /** Turns the fresh store's database into what newsdesk wrote before version 2: chunk text copied, float32 vectors. */
  function downgradeToVersion1(vectors: Map<number, Float32Array>): void {
    store.db.exec(`
      CREATE TABLE chunks_v1 (
        rowid INTEGER PRIMARY KEY AUTOINCREMENT,
        article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, embedding BLOB);
      INSERT INTO chunks_v1 SELECT c.rowid, c.article_rowid, c.idx, c.start, c.end, substr(a.text, c.start + 1, c.end - c.start), NULL
        FROM chunks c JOIN articles a ON a.rowid = c.article_rowid;
      DROP TABLE chunks;
      ALTER TABLE chunks_v1 RENAME TO chunks;
      CREATE INDEX chunks_article ON chunks(article_rowid);
      UPDATE meta SET value = '1' WHERE key = 'schema_version';`);
    const update = store.db.prepare("UPDATE chunks SET embedding = ? WHERE rowid = ?");
    for (const [rowid, vector] of vectors) update.run(Buffer.from(vector.buffer), rowid);
  }

  it("is upgraded on open with one notice: same articles, chunk text, keyword and nearest-vector hits", () => {
    const texts = ["The Kremlin welcomed a ceasefire between Iran and Israel.", "Volcano erupts seven times in three hours in Indonesia."];
    store1("a", texts[0]!, 0);
    store1("b", texts[1]!, 1);
    closeStore(store);
    store = openStore(dir);
    downgradeToVersion1(new Map([[1, axisVector(0)], [2, axisVector(1)]]));
    closeStore(store);

    const notices: string[] = [];
    store = openStore(dir, { onNotice: (message) => notices.push(message) });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^upgraded the index in .* to schema 2 \(.*\); nothing was lost, rebuilding its vector cache$/);
    expect(store.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe("2");
    expect([...getChunks(store, [1, 2]).values()].map((chunk) => chunk.text)).toEqual(texts);
    expect((store.db.pragma("table_info(chunks)") as { name: string }[]).map((column) => column.name)).not.toContain("text");
    expect(store.db.prepare("SELECT length(embedding) FROM chunks ORDER BY rowid").pluck().all()).toEqual([16, 16]);
    expect(searchVectors(store.vectors!, axisVector(1), 1)[0]!.label).toBe(2);
    expect(searchFulltext(store, "ceasefire", { limit: 5 }).map((hit) => hit.rowid)).toEqual([1]);
    closeStore(store);

    store = openStore(dir, { onNotice: (message) => notices.push(message) });
    expect(notices).toHaveLength(1);
    expect(searchVectors(store.vectors!, axisVector(0), 1)[0]!.label).toBe(1);
  });

  it("refuses an index from a newer newsdesk in one line, and leaves it as it was", () => {
    store.db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    closeStore(store);
    expect(() => openStore(dir)).toThrow(/written by a newer newsdesk \(schema 99\); upgrade newsdesk or use another INDEX_DIR/);
    const raw = new Database(path.join(dir, "newsdesk.db"));
    expect(raw.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe("99");
    raw.close();
    store = openStore(fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-store-other-")));
  });
});
