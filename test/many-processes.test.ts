import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ParsedArticle } from "../src/articles/types";
import {
  acquireWriterLock,
  closeStore,
  followWriter,
  openStore,
  removeCopies,
  searchVectors,
  StoreError,
  writeArticle,
  WRITER_LOCK_FILE,
  type Store,
} from "../src/store";

const ROOT = path.resolve(__dirname, "..");
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-processes-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A unit vector pointing mostly along one axis, so nearest neighbours are predictable. */
function axisVector(axis: number, dimensions = 8): Float32Array {
  const vector = new Float32Array(dimensions).fill(0.05);
  vector[axis] = 1;
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function writeOne(store: Store, id: string, axis: number): void {
  const text = `Article ${id} says something.`;
  const article: ParsedArticle = { id, title: `Title ${id}`, text, url: null, published: "2025-06-24", source: "Test Times", author: null, path: `/tmp/${id}.txt` };
  writeArticle(
    store,
    { article, contentHash: `c-${id}`, textHash: `t-${id}`, ingestedAt: "2025-06-25T00:00:00.000Z" },
    { chunks: [{ index: 0, start: 0, end: text.length, text }], vectors: { model: "test/model", values: [axisVector(axis)] } },
  );
}

function nearestArticle(store: Store, axis: number): string | undefined {
  const [nearest] = store.vectors ? searchVectors(store.vectors, axisVector(axis), 1) : [];
  if (!nearest) return undefined;
  return store.db.prepare("SELECT a.id FROM chunks c JOIN articles a ON a.rowid = c.article_rowid WHERE c.rowid = ?").pluck().get(nearest.label) as string;
}

describe("a reader beside the writer", () => {
  it("catches its vector index up when the writer adds and deletes articles", () => {
    const writer = openStore(dir);
    writeOne(writer, "first", 0);
    const reader = openStore(dir, { reader: true });
    expect(nearestArticle(reader, 0)).toBe("first");

    writeOne(writer, "second", 3);
    expect(nearestArticle(reader, 3)).toBe("first");
    followWriter(reader);
    expect(nearestArticle(reader, 3)).toBe("second");

    removeCopies(writer, ["second"]);
    followWriter(reader);
    expect(nearestArticle(reader, 3)).toBe("first");
    expect(reader.vectors!.deleted.size).toBe(1);

    closeStore(reader);
    closeStore(writer);
  });

  it("gets its first vectors from the writer, and never saves the vector cache itself", () => {
    const writer = openStore(dir);
    const reader = openStore(dir, { reader: true });
    expect(reader.vectors).toBeNull();
    writeOne(writer, "first", 1);
    followWriter(reader);
    expect(nearestArticle(reader, 1)).toBe("first");
    closeStore(reader);
    expect(fs.readdirSync(dir).filter((file) => file.startsWith("vectors."))).toEqual([]);
    closeStore(writer);
    expect(fs.readdirSync(dir).filter((file) => file.startsWith("vectors.")).sort()).toEqual(["vectors.hnsw", "vectors.json"]);
  });
});

describe("the writer lock", () => {
  it("refuses a second writer with one line naming the first", () => {
    const lock = acquireWriterLock(dir);
    expect(() => acquireWriterLock(dir)).toThrow(StoreError);
    expect(() => acquireWriterLock(dir)).toThrow(`another newsdesk process (pid ${process.pid}) is already writing to the index in ${dir}`);
    lock.release();
    acquireWriterLock(dir).release();
    expect(fs.existsSync(path.join(dir, WRITER_LOCK_FILE))).toBe(false);
  });

  it("takes over a lock left by a process that is gone", () => {
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    fs.writeFileSync(path.join(dir, WRITER_LOCK_FILE), `${gone.stdout}\n`);
    const lock = acquireWriterLock(dir);
    expect(fs.readFileSync(path.join(dir, WRITER_LOCK_FILE), "utf8").trim()).toBe(String(process.pid));
    lock.release();
  });

  it("makes a second `ingest` exit with that line while another process writes, and lets `search` read", () => {
    const lock = acquireWriterLock(dir);
    const env = { ...process.env, INDEX_DIR: dir, ARTICLES_DIR: path.join(ROOT, "articles"), EMBEDDING_MODEL: "none", LOG_LEVEL: "silent" };
    const cli = (...args: string[]) => spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "src/cli/main.ts"), ...args], { cwd: ROOT, env, encoding: "utf8" });
    const ingest = cli("ingest");
    expect(ingest.status).toBe(1);
    expect(ingest.stderr.trim().split("\n")).toEqual([`newsdesk: another newsdesk process (pid ${process.pid}) is already writing to the index in ${dir}; stop it first (questions can be asked meanwhile: ask, search and shards only read)`]);
    const search = cli("search", "Kremlin");
    expect(search.status).toBe(0);
    lock.release();
  });
});
