import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadEmbedder, type Embedder } from "../src/embeddings";
import { watchFolder, type FolderChanges, type FolderWatcher } from "../src/ingest/watch-folder";
import { closeStore, getArticle, openStore, readStats, searchFulltext, searchVectors, type Store } from "../src/store";
import { createTinyModel } from "./support/tiny-model";

const logger = pino({ level: "silent" });
const clock = () => new Date("2025-06-26T06:00:00.000Z");
/** Long enough that only `flush()` ingests, unless a test wants the timer. */
const NEVER_MS = 10 * 60_000;

let root: string;
let articlesDir: string;
let indexDir: string;
let store: Store;
let watcher: FolderWatcher | null = null;
let waiters: { path: string; resolve: () => void }[] = [];

function noticeQueued(changed: string): void {
  waiters = waiters.filter((waiter) => {
    if (waiter.path !== changed) return true;
    waiter.resolve();
    return false;
  });
}

/** Resolves when the watcher has noticed a change to `file`; call it before making the change. */
function queued(file: string): Promise<void> {
  return new Promise((resolve) => waiters.push({ path: file, resolve }));
}

function article(name: string, value: object): string {
  const file = path.join(articlesDir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

function watch(options: { embedder?: Embedder | null; debounceMs?: number; onProcessed?: (changes: FolderChanges) => void } = {}) {
  watcher = watchFolder({
    dir: articlesDir,
    store,
    embedder: async () => options.embedder ?? null,
    clock,
    logger,
    debounceMs: options.debounceMs ?? NEVER_MS,
    onQueued: noticeQueued,
    onProcessed: options.onProcessed,
  });
  return watcher;
}

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-watch-")));
  articlesDir = path.join(root, "articles");
  indexDir = path.join(root, "index");
  fs.mkdirSync(articlesDir);
  store = openStore(indexDir);
  waiters = [];
});

afterEach(async () => {
  await watcher?.close();
  watcher = null;
  closeStore(store);
  fs.rmSync(root, { recursive: true, force: true });
});

describe("watchFolder", () => {
  it("ingests a new file, updates a changed one and removes a deleted one", async () => {
    const folder = watch();
    const file = path.join(articlesDir, "strike.json");

    let seen = queued(file);
    article("strike.json", { id: "strike", title: "Port strike", text: "Dock workers in Rotterdam began a strike on Monday." });
    await seen;
    expect((await folder.flush()).ingested).toMatchObject({ added: 1, updated: 0, failed: [] });
    expect(getArticle(store, "strike")?.title).toBe("Port strike");

    seen = queued(file);
    article("strike.json", { id: "strike", title: "Port strike ends", text: "Dock workers in Antwerp ended their strike on Friday." });
    await seen;
    expect((await folder.flush()).ingested).toMatchObject({ added: 0, updated: 1 });
    expect(getArticle(store, "strike")?.title).toBe("Port strike ends");
    expect(searchFulltext(store, '"rotterdam"', { limit: 5 })).toEqual([]);
    expect(searchFulltext(store, '"antwerp"', { limit: 5 })).toHaveLength(1);

    seen = queued(file);
    fs.rmSync(file);
    await seen;
    expect(await folder.flush()).toMatchObject({ paths: [file], ingested: null, removed: 1 });
    expect(getArticle(store, "strike")).toBeNull();
    expect(readStats(store)).toMatchObject({ articles: 0, chunks: 0 });
  });

  it("takes each changed file once per burst and ignores hidden files", async () => {
    const folder = watch();
    const files = ["a.json", "b.json", "c.json"].map((name) => path.join(articlesDir, name));
    const seen = Promise.all(files.map(queued));
    fs.writeFileSync(path.join(articlesDir, ".draft.json"), JSON.stringify({ title: "Draft", text: "Not ready to be read by anyone yet." }));
    article("a.json", { id: "a", title: "Alpha", text: "The first version of the alpha article." });
    article("b.json", { id: "b", title: "Bravo", text: "The bravo article is about ferries." });
    article("c.json", { id: "c", title: "Charlie", text: "The charlie article is about trains." });
    article("a.json", { id: "a", title: "Alpha", text: "The second version of the alpha article, about harbours." });
    await seen;

    const changes = await folder.flush();
    expect(changes.paths).toEqual(files);
    expect(changes.ingested).toMatchObject({ added: 3, updated: 0 });
    expect(getArticle(store, "a")?.text).toContain("harbours");
    expect(readStats(store).articles).toBe(3);
  });

  it("removes the articles of a deleted folder and ingests a folder moved in", async () => {
    const folder = watch();
    const sub = path.join(articlesDir, "june");
    let seen: Promise<unknown> = Promise.all([queued(path.join(sub, "x.json")), queued(path.join(sub, "y.json"))]);
    article("june/x.json", { id: "x", title: "X-ray", text: "Hospitals buy new x-ray machines." });
    article("june/y.json", { id: "y", title: "Yankee", text: "A baseball team wins the league." });
    await seen;
    expect((await folder.flush()).ingested).toMatchObject({ added: 2 });

    seen = queued(sub);
    fs.rmSync(sub, { recursive: true });
    await seen;
    expect((await folder.flush()).removed).toBe(2);
    expect(readStats(store).articles).toBe(0);

    const outside = path.join(root, "july");
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, "z.json"), JSON.stringify({ id: "z", title: "Zulu", text: "A new dictionary of Zulu words." }));
    const moved = path.join(articlesDir, "july");
    seen = queued(moved);
    fs.renameSync(outside, moved);
    await seen;
    expect((await folder.flush()).ingested).toMatchObject({ added: 1 });
    expect(getArticle(store, "z")).not.toBeNull();
  });

  it("keeps a burst that failed and ingests it on the next try", async () => {
    let loads = 0;
    watcher = watchFolder({
      dir: articlesDir,
      store,
      embedder: async () => {
        loads += 1;
        if (loads === 1) throw new Error("model failed to load");
        return null;
      },
      clock,
      logger,
      debounceMs: NEVER_MS,
      onQueued: noticeQueued,
    });
    const file = path.join(articlesDir, "ferry.json");
    const noticed = queued(file);
    article("ferry.json", { id: "ferry", title: "Ferry", text: "The ferry timetable changes for summer with more crossings." });
    await noticed;
    await expect(watcher.flush()).rejects.toThrow("model failed to load");
    expect(getArticle(store, "ferry")).toBeNull();
    expect(await watcher.flush()).toMatchObject({ paths: [file], ingested: { added: 1 } });
    expect(getArticle(store, "ferry")).not.toBeNull();
  });

  it("ingests a burst by itself once the folder is quiet", async () => {
    const processed = new Promise<FolderChanges>((resolve) => {
      watch({ debounceMs: 20, onProcessed: resolve });
    });
    const file = article("quiet.json", { id: "quiet", title: "Quiet", text: "The library reading room stays quiet all day." });
    const changes = await processed;
    expect(changes.paths).toEqual([file]);
    expect(changes.ingested).toMatchObject({ added: 1 });
    expect(getArticle(store, "quiet")).not.toBeNull();
  });

  it("adds vectors of new files to the HNSW cache in place, and saves it", async () => {
    const vocabulary = ["ferry timetable summer crossings", "bridge repairs council arches"];
    const tiny = await createTinyModel(path.join(root, "models"), { vocabulary });
    const loaded = await loadEmbedder({ model: tiny.modelId, modelPath: tiny.modelPath, cacheDir: path.join(root, "cache") });
    if (!loaded.embedder) throw new Error(loaded.reason);
    const embedder = loaded.embedder;
    const folder = watch({ embedder });

    let file = path.join(articlesDir, "ferry.json");
    let seen = queued(file);
    article("ferry.json", { id: "ferry", title: "Ferry", text: "The ferry timetable adds summer crossings." });
    await seen;
    await folder.flush();
    const vectors = store.vectors!;
    expect(vectors.index.getCurrentCount()).toBe(1);

    file = path.join(articlesDir, "bridge.json");
    seen = queued(file);
    article("bridge.json", { id: "bridge", title: "Bridge", text: "The council pays for bridge repairs to the arches." });
    await seen;
    await folder.flush();
    // The same index grew: no rebuild.
    expect(store.vectors).toBe(vectors);
    expect(vectors.index.getCurrentCount()).toBe(2);
    expect(readStats(store)).toMatchObject({ embeddedChunks: 2, dense: true, model: tiny.modelId });

    const [query] = await embedder.embed(["bridge repairs council arches"], "query");
    const [best] = searchVectors(vectors, query!, 1);
    const bridgeChunk = store.db.prepare("SELECT c.rowid FROM chunks c JOIN articles a ON a.rowid = c.article_rowid WHERE a.id = 'bridge'").pluck().get();
    expect(best?.label).toBe(bridgeChunk);

    const notices: string[] = [];
    const reopened = openStore(indexDir, { onNotice: (message) => notices.push(message) });
    expect(notices).toEqual([]);
    expect(reopened.vectors?.index.getCurrentCount()).toBe(2);
    closeStore(reopened);
  });
});
