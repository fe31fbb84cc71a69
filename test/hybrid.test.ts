import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../src/answers";
import { loadEmbedder, type Embedder } from "../src/embeddings";
import { ingestPaths } from "../src/ingest/ingest-paths";
import { searchHybrid } from "../src/retrieval";
import { closeStore, openStore, readStats, type Store } from "../src/store";
import { createTinyModel } from "./support/tiny-model";

const SAMPLES = path.resolve(__dirname, "../articles");
let dir: string;
let store: Store;
let embedder: Embedder;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-hybrid-"));
  const model = await createTinyModel(path.join(dir, "models"));
  const loaded = await loadEmbedder({ model: model.modelId, modelPath: model.modelPath, cacheDir: path.join(dir, "cache") });
  if (!loaded.embedder) throw new Error(loaded.reason);
  embedder = loaded.embedder;
  store = openStore(path.join(dir, "index"));
  await ingestPaths(store, { paths: [SAMPLES], embedder });
});

afterAll(() => {
  closeStore(store);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("hybrid retrieval with a real (tiny) embedding model", () => {
  it("uses the vectors: dense similarities are reported for fused passages", async () => {
    expect(readStats(store).dense).toBe(true);
    const result = await searchHybrid(store, embedder, { query: "Kremlin ceasefire welcome", limit: 5 });
    expect(result.passages.some((passage) => passage.denseSimilarity !== null)).toBe(true);
  });

  it("a weak model does not change what keyword retrieval answers", async () => {
    const context = { store, clock: () => new Date("2026-01-05T00:00:00Z"), timeZone: "UTC" };
    const questions = [
      "What did the Kremlin say about a ceasefire between Iran and Israel?",
      "Who ordered the military to continue attacks on Iranian targets?",
      "What did Putin say about the attacks on Iran?",
      "Why is the Kremlin urging restraint over Iran?",
      "What did the US assessment find about Fordow?",
      "What is the capital of France?",
      "What is the death toll of the Java landslide?",
    ];
    for (const question of questions) {
      const keyword = await answerQuestion({ ...context, embedder: null }, question);
      const hybrid = await answerQuestion({ ...context, embedder }, question);
      expect(hybrid.answered, question).toBe(keyword.answered);
      expect(hybrid.quotes[0]?.text, question).toBe(keyword.quotes[0]?.text);
    }
  });

  it("search with a date filter only returns vectors of matching articles", async () => {
    const result = await searchHybrid(store, embedder, { query: "Kremlin Iran", limit: 10, filter: { since: "2025-12-01" } });
    expect(result.passages.length).toBeGreaterThan(0);
    expect(result.passages.every((passage) => passage.article.published! >= "2025-12-01")).toBe(true);
  });
});
