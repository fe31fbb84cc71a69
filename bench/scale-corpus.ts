/**
 * The synthetic index a scale size is measured on, built once and kept between runs (a million chunks take hours on
 * 2 busy shared cores, most of it inserting into the HNSW). A built corpus is a folder under the cache folder named by
 * its size, seed, schema version and whether it has vectors, with a manifest written last; it is reused only when the
 * manifest matches and its files still have the SHA-256 it records, and it is copied before it is measured (the
 * measurements write to the index). The keyword-only corpus of a size is the first stage of the one with vectors:
 * its text is built once for both.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { closeStore, openStore, readVectorGeneration, storeChunkVectors, writeArticle, type Store } from "../src/store";
import { SCHEMA_VERSION } from "../src/store/schema";
import { createVectorIndex } from "../src/store/vector-index";
import { loadReutersStories } from "./datasets/reuters";
import { BENCH_DIMENSIONS, SYNTHETIC_MODEL } from "./embedders";
import { randomUnitVector, seededRandom } from "./random";
import { syntheticArticles } from "./synthetic-corpus";

export interface ScaleCorpusInput {
  chunks: number;
  /** False: articles, chunks and full-text rows only, as an index is with EMBEDDING_MODEL=none. */
  vectors: boolean;
  seed: number;
  /** The Reuters-21578 folder the synthetic articles are drawn from. */
  reutersDir: string;
}

export interface CorpusBuild {
  articles: number;
  chunks: number;
  textSeconds: number;
  vectorSeconds: number;
  /** Peak RSS of the process that built it. */
  peakRssBytes: number;
}

interface Manifest {
  input: ScaleCorpusInput & { schemaVersion: number; dimensions: number; model: string };
  build: CorpusBuild;
  /** SHA-256 of each file of the index, as built. */
  files: Record<string, string>;
}

const MANIFEST_FILE = "corpus.json";
const ARTICLES_PER_TRANSACTION = 1000;
const VECTORS_PER_TRANSACTION = 20_000;
/** How often a run waits for another process building the same corpus. */
const BUILDING_POLL_MS = 15_000;

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function fileSha256(file: string): string {
  const hash = createHash("sha256");
  const buffer = Buffer.alloc(8 * 1024 * 1024);
  const fd = fs.openSync(file, "r");
  try {
    for (let read; (read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

function manifestInput(input: ScaleCorpusInput): Manifest["input"] {
  const { chunks, vectors, seed } = input;
  return { chunks, vectors, seed, reutersDir: path.resolve(input.reutersDir), schemaVersion: SCHEMA_VERSION, dimensions: BENCH_DIMENSIONS, model: SYNTHETIC_MODEL };
}

function indexFiles(input: ScaleCorpusInput): string[] {
  return input.vectors ? ["newsdesk.db", "vectors.hnsw", "vectors.json"] : ["newsdesk.db"];
}

/** The text side: articles, chunks and FTS rows through `writeArticle`, one outer transaction per batch. */
function writeText(store: Store, input: ScaleCorpusInput): { chunks: number; articles: number } {
  const articles = syntheticArticles(loadReutersStories(input.reutersDir), seededRandom(input.seed));
  let chunks = 0;
  let written = 0;
  const started = performance.now();
  // Inside the outer transaction each writeArticle is a savepoint instead of a commit.
  const writeBatch = store.db.transaction(() => {
    for (let i = 0; i < ARTICLES_PER_TRANSACTION && chunks < input.chunks; i++) {
      const { record, chunks: articleChunks } = articles.next().value;
      writeArticle(store, record, { chunks: articleChunks, vectors: null });
      chunks += articleChunks.length;
      written += 1;
    }
  });
  let reported = 0;
  while (chunks < input.chunks) {
    writeBatch.immediate();
    if (chunks - reported >= input.chunks / 4) {
      reported = chunks;
      progress(`scale ${input.chunks}: ${chunks} chunks of text written (${seconds(started).toFixed(0)} s)`);
    }
  }
  return { chunks, articles: written };
}

/**
 * The dense side: a random unit vector per chunk through `storeChunkVectors` (the store's backfill entry point:
 * SQLite and the HNSW cache together), in large batches, into an HNSW made at its final capacity, so it is built in
 * one pass and never grown (a growth copies it whole), and saved once, when the store closes.
 */
function writeVectors(store: Store, input: ScaleCorpusInput): void {
  const random = seededRandom(input.seed + 3);
  const rowids = store.db.prepare("SELECT rowid FROM chunks ORDER BY rowid").pluck().all() as number[];
  store.vectors = createVectorIndex(SYNTHETIC_MODEL, BENCH_DIMENSIONS, rowids.length, readVectorGeneration(store.db));
  const started = performance.now();
  let nextReport = rowids.length / 10;
  for (let start = 0; start < rowids.length; start += VECTORS_PER_TRANSACTION) {
    const entries = rowids.slice(start, start + VECTORS_PER_TRANSACTION).map((rowid) => ({ rowid, vector: randomUnitVector(random, BENCH_DIMENSIONS) }));
    storeChunkVectors(store, SYNTHETIC_MODEL, entries);
    if (start + entries.length >= nextReport) {
      nextReport += rowids.length / 10;
      progress(`scale ${input.chunks}: ${start + entries.length} vectors stored (${seconds(started).toFixed(0)} s)`);
    }
  }
}

/** Builds the corpus in `dir`; one with vectors starts from a copy of `keywordOnly`, the same corpus's text. */
function build(dir: string, input: ScaleCorpusInput, keywordOnly: { dir: string; build: CorpusBuild } | null): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let built: CorpusBuild;
  if (keywordOnly) {
    fs.copyFileSync(path.join(keywordOnly.dir, "newsdesk.db"), path.join(dir, "newsdesk.db"));
    built = { ...keywordOnly.build, vectorSeconds: 0 };
  } else {
    const store = openStore(dir);
    const phaseStart = performance.now();
    const text = writeText(store, input);
    closeStore(store);
    built = { ...text, textSeconds: seconds(phaseStart), vectorSeconds: 0, peakRssBytes: 0 };
  }
  if (input.vectors) {
    const store = openStore(dir);
    const phaseStart = performance.now();
    writeVectors(store, input);
    closeStore(store);
    built.vectorSeconds = seconds(phaseStart);
  }
  progress(`scale ${input.chunks}: built ${built.chunks} chunks${input.vectors ? "" : " (keyword-only)"} in ${(built.textSeconds + built.vectorSeconds).toFixed(1)} s`);
  const manifest: Manifest = {
    input: manifestInput(input),
    build: { ...built, peakRssBytes: Math.max(built.peakRssBytes, process.resourceUsage().maxRSS * 1024) },
    files: Object.fromEntries(indexFiles(input).map((file) => [file, fileSha256(path.join(dir, file))])),
  };
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
}

/** The manifest of a complete corpus built from the same input whose files are intact, else why not. */
function verify(dir: string, input: ScaleCorpusInput): Manifest | string {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(manifestFile)) return "not built";
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
  if (JSON.stringify(manifest.input) !== JSON.stringify(manifestInput(input))) return "built from other settings";
  for (const file of indexFiles(input)) {
    const at = path.join(dir, file);
    if (!fs.existsSync(at) || fileSha256(at) !== manifest.files[file]) return `${file} changed since it was built`;
  }
  return manifest;
}

function corpusDir(input: ScaleCorpusInput, cacheDir: string): string {
  return path.join(cacheDir, `scale-${input.chunks}${input.vectors ? "" : "-keyword-only"}-seed${input.seed}-schema${SCHEMA_VERSION}`);
}

/** Whether a corpus for `input` looks built (its manifest matches), for estimates: reusing it verifies it in full. */
export function isScaleCorpusCached(input: ScaleCorpusInput, cacheDir: string): boolean {
  const manifestFile = path.join(corpusDir(input, cacheDir), MANIFEST_FILE);
  if (!fs.existsSync(manifestFile)) return false;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
  return JSON.stringify(manifest.input) === JSON.stringify(manifestInput(input));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The verified corpus for `input` in the cache, built there first when it is missing or fails verification (waiting
 * instead when another process is building it).
 */
async function cachedCorpus(input: ScaleCorpusInput, cacheDir: string): Promise<{ dir: string; manifest: Manifest; cached: boolean }> {
  const dir = corpusDir(input, cacheDir);
  const lockFile = `${dir}.building`;
  // Another run building the same corpus (a second bench started meanwhile): wait for it rather than build it twice.
  while (fs.existsSync(lockFile) && processAlive(Number(fs.readFileSync(lockFile, "utf8")))) {
    progress(`scale ${input.chunks}: waiting for process ${fs.readFileSync(lockFile, "utf8")}, which is building this corpus`);
    await new Promise((resolve) => setTimeout(resolve, BUILDING_POLL_MS));
  }
  const verified = verify(dir, input);
  if (typeof verified !== "string") {
    progress(`scale ${input.chunks}: using the corpus built ${fs.statSync(path.join(dir, MANIFEST_FILE)).mtime.toISOString()} in ${dir}`);
    return { dir, manifest: verified, cached: true };
  }
  const keywordOnly = input.vectors ? await cachedCorpus({ ...input, vectors: false }, cacheDir) : null;
  progress(`scale ${input.chunks}: building the corpus into ${dir} (${verified})`);
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(lockFile, String(process.pid));
  try {
    build(dir, input, keywordOnly && { dir: keywordOnly.dir, build: keywordOnly.manifest.build });
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
  const built = verify(dir, input);
  if (typeof built === "string") throw new Error(`the corpus just built in ${dir} does not verify: ${built}`);
  return { dir, manifest: built, cached: false };
}

/**
 * Puts the corpus for `input` in `workDir` (replacing what is there) and says how it was built: copied from the
 * cache when a verified one is there, built into the cache first otherwise. With no cache folder it is built in place.
 */
export async function prepareScaleCorpus(input: ScaleCorpusInput, cacheDir: string | null, workDir: string): Promise<CorpusBuild & { cached: boolean }> {
  fs.rmSync(workDir, { recursive: true, force: true });
  if (!cacheDir) {
    build(workDir, input, null);
    const manifest = verify(workDir, input) as Manifest;
    fs.rmSync(path.join(workDir, MANIFEST_FILE));
    return { ...manifest.build, cached: false };
  }
  const { dir, manifest, cached } = await cachedCorpus(input, cacheDir);
  fs.mkdirSync(workDir, { recursive: true });
  for (const file of indexFiles(input)) fs.copyFileSync(path.join(dir, file), path.join(workDir, file));
  return { ...manifest.build, cached };
}
