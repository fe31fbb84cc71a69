import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadEmbedder } from "../src/embeddings";
import { IngestStoppedError, ingestPaths } from "../src/ingest/ingest-paths";
import { closeStore, getArticle, openStore, readStats, searchFulltext, searchVectors, type Store } from "../src/store";
import { createTinyModel } from "./support/tiny-model";

const SAMPLES = path.resolve(__dirname, "../articles");

let root: string;
let indexDir: string;
let articlesDir: string;
let store: Store;

const clock = () => new Date("2026-01-02T08:00:00Z");

function writeJson(name: string, value: unknown): string {
  const file = path.join(articlesDir, name);
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

function ingest(paths = [articlesDir], prune = false) {
  return ingestPaths(store, { paths, prune, embedder: null, clock });
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-ingest-"));
  indexDir = path.join(root, "index");
  articlesDir = path.join(root, "articles");
  fs.mkdirSync(articlesDir);
  store = openStore(indexDir);
});

afterEach(() => {
  try {
    closeStore(store);
  } catch {
    // closed by the test
  }
  fs.rmSync(root, { recursive: true, force: true });
});

describe("ingestPaths", () => {
  it("stores the two sample articles and adds nothing on a second run", async () => {
    const first = await ingest([SAMPLES]);
    expect(first).toMatchObject({ added: 2, updated: 0, unchanged: 0, removed: 0, failed: [] });
    expect(first.chunks).toBeGreaterThanOrEqual(2);
    const second = await ingest([SAMPLES]);
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 2, removed: 0, chunks: 0 });
    expect(readStats(store)).toMatchObject({ articles: 2, embeddedChunks: 0, model: null, dense: false, lastIngest: clock().toISOString() });
  });

  it("does not index boilerplate: a headline only in a trailing list finds nothing", async () => {
    await ingest([SAMPLES]);
    expect(searchFulltext(store, '"landslide"', { limit: 5 })).toEqual([]);
    expect(searchFulltext(store, '"medvedev"', { limit: 5 })).toEqual([]);
    expect(searchFulltext(store, '"fordow"', { limit: 5 })).toHaveLength(1);
  });

  it("replaces an edited article's chunks and keeps its id", async () => {
    const file = writeJson("a.json", { id: "story-1", title: "Port strike", text: "Dock workers began a strike on Monday in Rotterdam." });
    await ingest();
    writeJson("a.json", { id: "story-1", title: "Port strike ends", text: "Dock workers ended their strike on Friday in Antwerp." });
    expect(await ingest()).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    expect(getArticle(store, "story-1")?.title).toBe("Port strike ends");
    expect(searchFulltext(store, '"rotterdam"', { limit: 5 })).toEqual([]);
    expect(searchFulltext(store, '"antwerp"', { limit: 5 })).toHaveLength(1);
    expect(readStats(store).chunks).toBe(1);
    expect(fs.existsSync(file)).toBe(true);
  });

  it("--prune drops articles whose file is gone, and a file that loses a line loses that article", async () => {
    writeJson("keep.json", { title: "Kept", text: "This article stays in the index for good." });
    const gone = writeJson("gone.json", { title: "Gone", text: "This article will have its file deleted." });
    writeJson(
      "lines.jsonl",
      [
        JSON.stringify({ id: "l1", title: "Line one", text: "The first line article about harbours." }),
        JSON.stringify({ id: "l2", title: "Line two", text: "The second line article about airports." }),
      ].join("\n"),
    );
    await ingest();
    expect(readStats(store).articles).toBe(4);
    fs.rmSync(gone);
    expect(await ingest()).toMatchObject({ removed: 0 });
    expect(readStats(store).articles).toBe(4);
    expect(await ingest([articlesDir], true)).toMatchObject({ removed: 1 });
    writeJson("lines.jsonl", JSON.stringify({ id: "l1", title: "Line one", text: "The first line article about harbours." }));
    expect(await ingest()).toMatchObject({ removed: 1, unchanged: 2 });
    expect(getArticle(store, "l2")).toBeNull();
    expect(readStats(store).articles).toBe(2);
  });

  it("an unchanged article whose file was renamed survives --prune", async () => {
    const old = writeJson("old-name.json", { id: "moved", title: "Moved", text: "This article's file gets a new name." });
    await ingest();
    fs.renameSync(old, path.join(articlesDir, "new-name.json"));
    expect(await ingest([articlesDir], true)).toMatchObject({ unchanged: 1, removed: 0 });
    expect(getArticle(store, "moved")).not.toBeNull();
  });

  it("stores a syndicated duplicate once and remembers both urls", async () => {
    const text = "Central bank raises rates by a quarter point to fight inflation, its governor said.";
    writeJson("wire.json", [
      { title: "Rates rise", text, url: "https://example-news.com/rates", source: "Example News" },
      { title: "Rates rise", text, url: "https://other-paper.org/economy/rates", source: "Other Paper" },
    ]);
    expect(await ingest()).toMatchObject({ added: 2, failed: [] });
    expect(readStats(store)).toMatchObject({ articles: 1, chunks: 1 });
    const [hit] = searchFulltext(store, '"inflation"', { limit: 5 });
    expect(hit).toBeDefined();
    const stored = store.db.prepare("SELECT id FROM articles").pluck().get() as string;
    expect(getArticle(store, stored)?.urls.sort()).toEqual(["https://example-news.com/rates", "https://other-paper.org/economy/rates"]);
  });

  it("stores two saved copies of one page in one run once, whether they meet in one batch or across batches", async () => {
    const twins = path.resolve(__dirname, "fixtures/duplicate-copies");
    for (const name of ["harbour-strike.html", "harbour-strike (1).html"]) fs.copyFileSync(path.join(twins, name), path.join(articlesDir, name));
    // One batch: the second copy arrives while the first waits to be embedded and stored.
    expect(await ingest()).toMatchObject({ added: 1, updated: 0, unchanged: 1, failed: [] });
    expect(readStats(store)).toMatchObject({ articles: 1 });
    expect(searchFulltext(store, '"bayhaven"', { limit: 5 })).toHaveLength(1);
    expect(await ingest([articlesDir], true)).toMatchObject({ added: 0, unchanged: 2, removed: 0, failed: [] });
    expect(readStats(store)).toMatchObject({ articles: 1 });
  });

  it("stores twins across batches: the first copy already stored when the second arrives", async () => {
    const twins = path.resolve(__dirname, "fixtures/duplicate-copies");
    fs.copyFileSync(path.join(twins, "harbour-strike.html"), path.join(articlesDir, "a-harbour-strike.html"));
    // Enough articles between the twins to flush the first one before the second is read.
    for (let i = 0; i < 70; i++) writeJson(`b-filler-${String(i).padStart(2, "0")}.json`, { title: `Filler ${i}`, text: `Filler article number ${i} about the weather, with nothing else to say. `.repeat(12) });
    fs.copyFileSync(path.join(twins, "harbour-strike (1).html"), path.join(articlesDir, "c-harbour-strike.html"));
    expect(await ingest()).toMatchObject({ added: 71, unchanged: 1, failed: [] });
    expect(readStats(store)).toMatchObject({ articles: 71 });
  });

  it("a syndicated copy whose own page was stored earlier in the batch attaches without losing either", async () => {
    const text = "The regional labour office appointed a mediator for the port talks on Wednesday.";
    writeJson("a.json", { title: "Mediator named", text, url: "https://one.example/mediator", source: "One" });
    writeJson("b.json", { title: "Mediator named", text, url: "https://one.example/mediator", source: "One" });
    writeJson("c.json", { title: "Mediator named", text, url: "https://two.example/mediator", source: "Two" });
    expect(await ingest()).toMatchObject({ added: 2, unchanged: 1, failed: [] });
    const stored = store.db.prepare("SELECT id FROM articles").pluck().all() as string[];
    expect(stored).toHaveLength(1);
    expect(getArticle(store, stored[0]!)?.urls.sort()).toEqual(["https://one.example/mediator", "https://two.example/mediator"]);
  });

  it("refuses a second article with an id another file already uses, naming that file", async () => {
    const first = writeJson("a.json", { id: "story-7", title: "Ferry resumes", text: "The island ferry resumed its winter timetable on Monday." });
    const second = writeJson("b.json", { id: "story-7", title: "Bridge closes", text: "The old bridge closed for repairs until the spring." });
    const summary = await ingest();
    expect(summary).toMatchObject({ added: 1, updated: 0, unchanged: 0 });
    expect(summary.failed).toEqual([{ path: second, reason: `id "story-7" is already used by ${first}; ids must be unique` }]);
    expect(getArticle(store, "story-7")?.title).toBe("Ferry resumes");
    // Later runs do not alternate between the two texts.
    const again = await ingest();
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    expect(again.failed).toHaveLength(1);
    expect(getArticle(store, "story-7")?.title).toBe("Ferry resumes");
    // Ingesting the second file alone meets the stored first one.
    expect((await ingest([second])).failed).toEqual([{ path: second, reason: `id "story-7" is already used by ${first}; ids must be unique` }]);
  });

  it("counts an id repeated inside one file once, and lists the repeat", async () => {
    const file = writeJson(
      "lines.jsonl",
      [
        JSON.stringify({ id: "l1", title: "Line one", text: "The first line article about harbours." }),
        JSON.stringify({ id: "l1", title: "Line one again", text: "A different text under the same id." }),
        JSON.stringify({ id: "l2", title: "Line two", text: "The second line article about airports." }),
      ].join("\n"),
    );
    const summary = await ingest();
    expect(summary).toMatchObject({ added: 2 });
    expect(summary.failed).toEqual([{ path: file, reason: `id "l1" is already used by an earlier article in this file; ids must be unique` }]);
    expect(readStats(store).articles).toBe(2);
  });

  it("lists every bad file with a reason and still stores every readable article", async () => {
    writeJson("good.json", { title: "Good", text: "A perfectly fine article about the weather in Lisbon." });
    writeJson("empty.txt", "");
    fs.writeFileSync(path.join(articlesDir, "binary.txt"), Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]));
    writeJson("broken.json", "{ not json");
    writeJson("notext.json", { title: "No text", text: "" });
    const big = path.join(articlesDir, "huge.txt");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, 50 * 1024 * 1024);
    const summary = await ingest();
    expect(summary.added).toBe(1);
    const failedNames = summary.failed.map((failure) => path.basename(failure.path)).sort();
    expect(failedNames).toEqual(["binary.txt", "broken.json", "empty.txt", "huge.txt", "notext.json"]);
    for (const failure of summary.failed) {
      expect(failure.reason.length).toBeGreaterThan(5);
      expect(failure.reason).not.toContain("\n");
    }
  });

  it("reports a path that does not exist and ingests the rest", async () => {
    writeJson("good.json", { title: "Good", text: "A fine article about Lisbon trams." });
    const summary = await ingest([articlesDir, path.join(root, "missing")]);
    expect(summary.added).toBe(1);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]!.path).toContain("missing");
  });

  it("a crash inside an article's transaction leaves no trace of it, and the next run finishes the job", async () => {
    writeJson("a.json", { id: "a", title: "Alpha", text: "The alpha article is about ships and ports." });
    writeJson("b.json", { id: "b", title: "Bravo", text: "The bravo article is about POISON and trains." });
    writeJson("c.json", { id: "c", title: "Charlie", text: "The charlie article is about planes and airports." });
    store.db.exec(
      "CREATE TEMP TRIGGER crash BEFORE INSERT ON chunks WHEN (SELECT text FROM articles WHERE rowid = NEW.article_rowid) LIKE '%POISON%' BEGIN SELECT RAISE(ABORT, 'simulated crash'); END",
    );
    const stopped = await ingest().catch((error: unknown) => error);
    // The failure says how far the ingest got: what was stored before it stays stored and is counted.
    expect(stopped).toBeInstanceOf(IngestStoppedError);
    expect((stopped as IngestStoppedError).message).toMatch(/simulated crash/);
    expect((stopped as IngestStoppedError).summary).toMatchObject({ added: 1, updated: 0, failed: [] });
    expect(getArticle(store, "a")).not.toBeNull();
    expect(getArticle(store, "b")).toBeNull();
    const orphanChunks = store.db.prepare("SELECT count(*) FROM chunks WHERE article_rowid NOT IN (SELECT rowid FROM articles)").pluck().get();
    expect(orphanChunks).toBe(0);
    expect(store.db.prepare("SELECT count(*) FROM article_copies WHERE id = 'b'").pluck().get()).toBe(0);
    store.db.exec("DROP TRIGGER crash");
    const resumed = await ingest();
    expect(resumed.failed).toEqual([]);
    expect(readStats(store).articles).toBe(3);
    expect(resumed.added + resumed.unchanged).toBe(3);
  });
});

describe("ingestPaths with a real embedding model (tiny ONNX via transformers.js)", () => {
  it("embeds chunks into HNSW, finds the expected chunk, survives a restart and a deleted index file", async () => {
    const model = await createTinyModel(path.join(root, "models"));
    const loaded = await loadEmbedder({ model: model.modelId, modelPath: model.modelPath, cacheDir: path.join(root, "cache") });
    if (!loaded.embedder) throw new Error(loaded.reason);
    const embedder = loaded.embedder;
    writeJson("ships.json", { id: "ships", title: "Harbour news", text: "Container ships crowd the harbour as dock workers strike over pay." });
    writeJson("trains.json", { id: "trains", title: "Rail news", text: "Night trains return to the mountain railway after winter repairs." });
    writeJson("planes.json", { id: "planes", title: "Airport news", text: "Airlines cancel flights at the airport because of fog and snow." });
    const summary = await ingestPaths(store, { paths: [articlesDir], embedder, clock });
    expect(summary.added).toBe(3);
    expect(readStats(store)).toMatchObject({ embeddedChunks: 3, model: model.modelId, dense: true });

    const nearestArticle = async () => {
      const [query] = await embedder.embed(["railway trains after repairs"], "query");
      const [best] = searchVectors(store.vectors!, query!, 1);
      return store.db.prepare("SELECT a.id FROM chunks c JOIN articles a ON a.rowid = c.article_rowid WHERE c.rowid = ?").pluck().get(best!.label);
    };
    expect(await nearestArticle()).toBe("trains");

    closeStore(store);
    store = openStore(indexDir);
    expect(await nearestArticle()).toBe("trains");

    closeStore(store);
    fs.rmSync(path.join(indexDir, "vectors.hnsw"));
    const notices: string[] = [];
    store = openStore(indexDir, { onNotice: (message) => notices.push(message) });
    expect(notices.join()).toMatch(/rebuilding/);
    expect(await nearestArticle()).toBe("trains");
  });

  it("backfills vectors for chunks stored keyword-only once a model appears", async () => {
    writeJson("ships.json", { id: "ships", title: "Harbour news", text: "Container ships crowd the harbour as dock workers strike." });
    await ingest();
    expect(readStats(store).embeddedChunks).toBe(0);
    const model = await createTinyModel(path.join(root, "models"));
    const loaded = await loadEmbedder({ model: model.modelId, modelPath: model.modelPath, cacheDir: path.join(root, "cache") });
    if (!loaded.embedder) throw new Error(loaded.reason);
    const notices: string[] = [];
    const summary = await ingestPaths(store, { paths: [articlesDir], embedder: loaded.embedder, clock, onNotice: (m) => notices.push(m) });
    expect(summary.unchanged).toBe(1);
    expect(readStats(store)).toMatchObject({ embeddedChunks: 1, dense: true });
    expect(notices.join()).toMatch(/embedding 1 chunks/);
  });

  it("re-embeds everything, saying so, when the model changes", async () => {
    writeJson("ships.json", { id: "ships", title: "Harbour news", text: "Container ships crowd the harbour as dock workers strike." });
    const load = async (modelId: string, dimensions: number) => {
      const model = await createTinyModel(path.join(root, "models"), { modelId, dimensions });
      const loaded = await loadEmbedder({ model: model.modelId, modelPath: model.modelPath, cacheDir: path.join(root, "cache") });
      if (!loaded.embedder) throw new Error(loaded.reason);
      return loaded.embedder;
    };
    await ingestPaths(store, { paths: [articlesDir], embedder: await load("test/first", 16), clock });
    expect(readStats(store)).toMatchObject({ model: "test/first", embeddedChunks: 1 });
    const notices: string[] = [];
    await ingestPaths(store, { paths: [articlesDir], embedder: await load("test/second", 24), clock, onNotice: (m) => notices.push(m) });
    expect(notices[0]).toBe("embedding model changed from test/first to test/second: re-embedding every chunk");
    expect(readStats(store)).toMatchObject({ model: "test/second", embeddedChunks: 1 });
    expect(store.vectors!.dimensions).toBe(24);
  });
});
