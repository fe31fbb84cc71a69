import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import hnswlib from "hnswlib-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder, type LoadEmbedderResult } from "../src/embeddings/load-embedder";
import { modelProfile, prefixText } from "../src/embeddings/known-models";
import type { Embedder } from "../src/embeddings/types";
import { createTinyModel, type TinyModel } from "./support/tiny-model";

// CommonJS: the default import is the form that also works under tsx, where the store stage runs.
const { HierarchicalNSW } = hnswlib;

const HEADLINES = [
  "Parliament passed the new climate law after a long debate",
  "The hurricane caused severe flooding along the coast",
  "Tech companies reported record profits this quarter",
  "The football team won the championship final on Sunday",
  "Doctors warn of a new virus outbreak in hospitals",
  "The central bank raised interest rates to fight inflation",
];

function cosine(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, value, i) => sum + value * b[i]!, 0);
}

function norm(vector: Float32Array): number {
  return Math.sqrt(cosine(vector, vector));
}

function expectEmbedder(result: LoadEmbedderResult): Embedder {
  if (result.embedder === null) throw new Error(`expected a model, got: ${result.reason}`);
  return result.embedder;
}

let workDir: string;
let tiny: TinyModel;
let embedder: Embedder;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "newsdesk-embeddings-"));
  tiny = await createTinyModel(path.join(workDir, "models"), { vocabulary: HEADLINES });
  embedder = expectEmbedder(
    await loadEmbedder({ model: tiny.modelId, modelPath: tiny.modelPath, cacheDir: path.join(workDir, "cache") }),
  );
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe("loadEmbedder with a local model", () => {
  it("returns unit vectors of the model's hidden size", async () => {
    expect(embedder.model).toBe(tiny.modelId);
    expect(embedder.dimensions).toBe(tiny.dimensions);
    const vectors = await embedder.embed(HEADLINES, "passage");
    expect(vectors).toHaveLength(HEADLINES.length);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(tiny.dimensions);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it("embeds the same text to the same vector", async () => {
    const [first, second] = await embedder.embed(["Storm warning for the coast", "Storm warning for the coast"], "passage");
    const [later] = await embedder.embed(["Storm warning for the coast"], "passage");
    expect(Array.from(second!)).toEqual(Array.from(first!));
    expect(Array.from(later!)).toEqual(Array.from(first!));
  });

  it("puts texts that share words nearer than unrelated ones", async () => {
    const [rates, ratesReworded, football] = await embedder.embed(
      [
        "The central bank raised interest rates to fight inflation",
        "Inflation pushed the central bank to raise interest rates again",
        "The football team won the championship final on Sunday",
      ],
      "passage",
    );
    expect(cosine(rates!, ratesReworded!)).toBeGreaterThan(cosine(rates!, football!) + 0.2);
  });

  it("gives the same vectors in batches as one by one", async () => {
    const smallBatches = expectEmbedder(
      await loadEmbedder({ model: tiny.modelId, modelPath: tiny.modelPath, cacheDir: path.join(workDir, "cache"), batchSize: 4 }),
    );
    // Texts of different lengths, so batches are padded.
    const texts = [...HEADLINES, "Rates", "A much longer text about the election campaign, the economy and the weather in the north"];
    const batched = await smallBatches.embed(texts, "passage");
    const oneByOne = await Promise.all(texts.map(async (text) => (await embedder.embed([text], "passage"))[0]!));
    expect(batched).toHaveLength(texts.length);
    batched.forEach((vector, i) => {
      vector.forEach((value, j) => expect(value).toBeCloseTo(oneByOne[i]![j]!, 6));
    });
  });

  it("embeds an empty list to an empty list", async () => {
    expect(await embedder.embed([], "query")).toEqual([]);
  });

  it("uses onnx/model.onnx when there is no quantized file", async () => {
    const fullOnly = path.join(workDir, "full-only");
    await cp(tiny.modelPath, fullOnly, { recursive: true });
    await rm(path.join(fullOnly, tiny.modelId, "onnx", "model_quantized.onnx"));
    const fromFullOnly = expectEmbedder(
      await loadEmbedder({ model: tiny.modelId, modelPath: fullOnly, cacheDir: path.join(workDir, "cache") }),
    );
    const [expected] = await embedder.embed([HEADLINES[0]!], "passage");
    const [actual] = await fromFullOnly.embed([HEADLINES[0]!], "passage");
    expect(Array.from(actual!)).toEqual(Array.from(expected!));
  });

  it("uses a model already in the cache without a model folder or network", async () => {
    const cacheDir = path.join(workDir, "index-cache");
    const cached = await createTinyModel(cacheDir, { vocabulary: HEADLINES });
    const fromCache = expectEmbedder(await loadEmbedder({ model: cached.modelId, cacheDir }));
    const [expected] = await embedder.embed([HEADLINES[1]!], "passage");
    const [actual] = await fromCache.embed([HEADLINES[1]!], "passage");
    expect(Array.from(actual!)).toEqual(Array.from(expected!));
  });
});

describe("query and passage prefixes", () => {
  it("prefixes e5 queries and passages, bge queries only, and nothing for MiniLM or unknown models", () => {
    const e5 = modelProfile("Xenova/e5-small-v2");
    expect(prefixText(e5, "who won?", "query")).toBe("query: who won?");
    expect(prefixText(e5, "The team won.", "passage")).toBe("passage: The team won.");
    expect(prefixText(modelProfile("Xenova/multilingual-e5-small"), "wer?", "query")).toBe("query: wer?");

    const bge = modelProfile("Xenova/bge-small-en-v1.5");
    expect(bge.pooling).toBe("cls");
    expect(prefixText(bge, "who won?", "query")).toBe("Represent this sentence for searching relevant passages: who won?");
    expect(prefixText(bge, "The team won.", "passage")).toBe("The team won.");

    for (const model of ["Xenova/all-MiniLM-L6-v2", "someone/unknown-model"]) {
      const profile = modelProfile(model);
      expect(profile.pooling).toBe("mean");
      expect(prefixText(profile, "who won?", "query")).toBe("who won?");
      expect(prefixText(profile, "The team won.", "passage")).toBe("The team won.");
    }
  });

  it("embeds with the prefix of the model it loaded", async () => {
    // Same vocabulary and dimensions as the unprefixed tiny model, so the two share every word vector.
    const e5 = await createTinyModel(tiny.modelPath, { modelId: "Xenova/e5-small-v2", vocabulary: HEADLINES });
    const e5Embedder = expectEmbedder(
      await loadEmbedder({ model: e5.modelId, modelPath: e5.modelPath, cacheDir: path.join(workDir, "cache") }),
    );
    const question = "why did the bank raise rates";
    const [asQuery] = await e5Embedder.embed([question], "query");
    const [asPassage] = await e5Embedder.embed([question], "passage");
    const [explicitQuery, explicitPassage] = await embedder.embed([`query: ${question}`, `passage: ${question}`], "passage");
    expect(Array.from(asQuery!)).toEqual(Array.from(explicitQuery!));
    expect(Array.from(asPassage!)).toEqual(Array.from(explicitPassage!));
  });
});

describe("loadEmbedder without a model", () => {
  it("reports keyword-only quickly instead of throwing", async () => {
    const emptyModels = await mkdtemp(path.join(workDir, "empty-models-"));
    const started = performance.now();
    const result = await loadEmbedder({
      model: "Xenova/all-MiniLM-L6-v2",
      modelPath: emptyModels,
      cacheDir: path.join(workDir, "empty-cache"),
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.embedder).toBeNull();
    if (result.embedder !== null) return;
    expect(result.reason).toContain("Xenova/all-MiniLM-L6-v2");
    expect(result.reason).toContain(emptyModels);
    expect(result.reason).toContain("EMBEDDING_MODEL_PATH");
    expect(result.reason).not.toContain("\n");
  });

  it("reports a model that is present but cannot be run", async () => {
    const brokenRoot = path.join(workDir, "broken");
    const broken = await createTinyModel(brokenRoot, { modelId: "newsdesk-test/broken" });
    for (const file of ["model.onnx", "model_quantized.onnx"]) {
      await writeFile(path.join(brokenRoot, broken.modelId, "onnx", file), "not an onnx model");
    }
    const result = await loadEmbedder({ model: broken.modelId, modelPath: brokenRoot, cacheDir: path.join(workDir, "cache") });
    expect(result.embedder).toBeNull();
    if (result.embedder !== null) return;
    expect(result.reason).toContain("could not be loaded");
    expect(result.reason).toContain("EMBEDDING_MODEL_PATH");
  });
});

describe("tiny-model vectors in hnswlib", () => {
  it("finds the headline a query is about as the nearest neighbour", async () => {
    const index = new HierarchicalNSW("cosine", embedder.dimensions);
    index.initIndex(HEADLINES.length);
    const vectors = await embedder.embed(HEADLINES, "passage");
    vectors.forEach((vector, label) => index.addPoint(Array.from(vector), label));

    const queries = [
      { query: "Why did the central bank raise interest rates?", expected: 5 },
      { query: "flooding on the coast after the hurricane", expected: 1 },
      { query: "new virus outbreak", expected: 4 },
    ];
    const queryVectors = await embedder.embed(queries.map(({ query }) => query), "query");
    queries.forEach(({ expected }, i) => {
      const { neighbors, distances } = index.searchKnn(Array.from(queryVectors[i]!), 2);
      expect(neighbors[0]).toBe(expected);
      expect(distances[0]).toBeLessThan(distances[1]!);
    });
  });
});
