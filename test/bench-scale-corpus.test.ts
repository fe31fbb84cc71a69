import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepareScaleCorpus, type ScaleCorpusInput } from "../bench/scale-corpus";
import { closeStore, openStore, readStats } from "../src/store";
import { fixtureDatasets } from "./support/bench-datasets";

let root: string;
const input: ScaleCorpusInput = { chunks: 40, vectors: true, seed: 7, reutersDir: fixtureDatasets.reutersDir };

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-scale-corpus-"));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function statsOf(dir: string) {
  const store = openStore(dir);
  const stats = readStats(store);
  closeStore(store);
  return stats;
}

describe("the scale benchmark's corpus cache", () => {
  it("builds a corpus once, its text first as the keyword-only corpus, and hands out copies of it", async () => {
    const cache = path.join(root, "cache");
    const first = await prepareScaleCorpus(input, cache, path.join(root, "work-1"));
    expect(first.cached).toBe(false);
    expect(first.chunks).toBeGreaterThanOrEqual(40);
    expect(fs.readdirSync(cache).sort()).toEqual(["scale-40-keyword-only-seed7-schema2", "scale-40-seed7-schema2"]);
    expect(statsOf(path.join(root, "work-1"))).toMatchObject({ chunks: first.chunks, embeddedChunks: first.chunks });

    const keywordOnly = await prepareScaleCorpus({ ...input, vectors: false }, cache, path.join(root, "work-2"));
    expect(keywordOnly).toMatchObject({ cached: true, chunks: first.chunks, textSeconds: first.textSeconds, vectorSeconds: 0 });
    expect(statsOf(path.join(root, "work-2"))).toMatchObject({ chunks: first.chunks, embeddedChunks: 0 });

    const again = await prepareScaleCorpus(input, cache, path.join(root, "work-3"));
    expect(again).toEqual({ ...first, cached: true });
  });

  it("rebuilds a cached corpus whose files changed since it was built, instead of measuring it", async () => {
    const cache = path.join(root, "cache");
    await prepareScaleCorpus(input, cache, path.join(root, "work-1"));
    fs.appendFileSync(path.join(cache, "scale-40-seed7-schema2", "vectors.hnsw"), "x");
    const rebuilt = await prepareScaleCorpus(input, cache, path.join(root, "work-2"));
    expect(rebuilt.cached).toBe(false);
    expect(statsOf(path.join(root, "work-2")).embeddedChunks).toBe(rebuilt.chunks);
  });
});
