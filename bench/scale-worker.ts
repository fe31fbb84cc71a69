/**
 * One corpus size of the scale section, in a process of its own (its peak RSS is its own): builds the synthetic
 * index through the store, then times search, ask and the vector search alone, HNSW against the exact scan over
 * the same vectors, measures HNSW recall@10 against exact at several ef, and what writing one more article costs
 * at this size.
 */
import fs from "node:fs";
import path from "node:path";
import { answerQuestion } from "../src/answers";
import { parseQuery, searchHybrid } from "../src/retrieval";
import { searchKeyword } from "../src/retrieval/search-fulltext";
import { closeStore, openStore, searchVectors, storeChunkVectors, writeArticle, DEFAULT_EF_SEARCH, type Store } from "../src/store";
import { serveAsChild } from "./child-process";
import { loadReutersStories } from "./datasets/reuters";
import { BENCH_DIMENSIONS, randomQueryEmbedder, SYNTHETIC_MODEL } from "./embedders";
import { loadExactIndex, withExactSearch, type ExactCosineIndex } from "./exact-cosine";
import { mean, summarize, type Summary } from "./metrics";
import { randomUnitVector, sample, seededRandom } from "./random";
import { syntheticArticles, type SyntheticArticle } from "./synthetic-corpus";

export interface ScaleWorkerInput {
  dir: string;
  chunks: number;
  reutersDir: string;
  seed: number;
  runs: number;
  queriesPerRun: number;
  exactQueriesPerRun: number;
  recallQueries: number;
  efValues: number[];
  /** Passages a search returns (the bot's /search default). */
  searchLimit: number;
  /** Articles written one by one after the measurements, with and without vectors. */
  incrementalArticles: number;
}

/** Milliseconds per query of each run, summarised per run. */
export interface LatencyRuns {
  hnsw: Summary[];
  exact: Summary[];
}

export interface RecallPoint {
  ef: number;
  recallAt10: number;
  /** Median milliseconds of one HNSW query at this ef. */
  medianMs: number;
}

export interface ScaleWorkerResult {
  chunks: number;
  articles: number;
  dimensions: number;
  build: { textSeconds: number; vectorSeconds: number };
  latency: {
    search: LatencyRuns;
    ask: LatencyRuns;
    vectors: LatencyRuns;
    /** The keyword side of a search alone (FTS5 BM25, top 100): the same for both vector searches. */
    keyword: Summary[];
  };
  recall: { queries: number; defaultEf: number; points: RecallPoint[] };
  /** Milliseconds to write one more article (its own transaction, as `ingest` does) into an index of this size. */
  incrementalWrite: { keywordOnly: Summary; withVectors: Summary };
  disk: { databaseBytes: number; vectorIndexBytes: number; totalBytes: number };
  peakRssBytes: number;
  /** Wall seconds of each phase, to extrapolate a size that was not run. */
  phases: { build: number; exactLoad: number; hnswQueries: number; exactQueries: number; recall: number; incrementalWrite: number; save: number };
}

const WARMUP_QUERIES = 10;
/** Candidates each side of a search asks for (retrieval's CANDIDATES). */
const CANDIDATES = 100;
const ARTICLES_PER_TRANSACTION = 1000;
const VECTORS_PER_TRANSACTION = 5000;
const ANSWER_CLOCK = () => new Date("1987-12-31T12:00:00Z");

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** The text side: articles, chunks and FTS rows through `writeArticle`, one outer transaction per batch. */
function writeText(store: Store, input: ScaleWorkerInput, articles: Iterator<SyntheticArticle, never>): { chunks: number; articles: number } {
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
    writeBatch();
    if (chunks - reported >= input.chunks / 4) {
      reported = chunks;
      progress(`scale ${input.chunks}: ${chunks} chunks of text written (${seconds(started).toFixed(0)} s)`);
    }
  }
  return { chunks, articles: written };
}

/**
 * The dense side: a random unit vector per chunk through `storeChunkVectors` (the store's backfill entry point:
 * SQLite and the HNSW cache together), in large batches. Per-article vector writes go through a path whose cost
 * grows with the index (see `incrementalWrite`), which would dominate the build at this scale.
 */
function writeVectors(store: Store, input: ScaleWorkerInput, random: () => number): void {
  const rowids = store.db.prepare("SELECT rowid FROM chunks ORDER BY rowid").pluck().all() as number[];
  const started = performance.now();
  let nextReport = rowids.length / 4;
  for (let start = 0; start < rowids.length; start += VECTORS_PER_TRANSACTION) {
    const entries = rowids.slice(start, start + VECTORS_PER_TRANSACTION).map((rowid) => ({ rowid, vector: randomUnitVector(random, BENCH_DIMENSIONS) }));
    storeChunkVectors(store, SYNTHETIC_MODEL, entries);
    if (start + entries.length >= nextReport) {
      nextReport += rowids.length / 4;
      progress(`scale ${input.chunks}: ${start + entries.length} vectors stored (${seconds(started).toFixed(0)} s)`);
    }
  }
}

async function timeEach(items: readonly string[], run: (item: string) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await run(item);
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * Random query vectors against the random corpus vectors: the case with no neighbourhood structure at all.
 * ef is set on the HNSW object directly, since `searchVectors` always uses the default.
 */
function measureRecall(store: Store, exact: ExactCosineIndex, input: ScaleWorkerInput): ScaleWorkerResult["recall"] {
  const random = seededRandom(input.seed + 2);
  const queries = Array.from({ length: input.recallQueries }, () => randomUnitVector(random, BENCH_DIMENSIONS));
  const truths = queries.map((query) => new Set(exact.search(query, 10).map(({ label }) => label)));
  const index = store.vectors!.index;
  const points: RecallPoint[] = [];
  for (const ef of input.efValues) {
    index.setEf(ef);
    const recalls: number[] = [];
    const times: number[] = [];
    queries.forEach((query, i) => {
      const started = performance.now();
      const found = index.searchKnn(Array.from(query), 10);
      times.push(performance.now() - started);
      recalls.push(found.neighbors.filter((label) => truths[i]!.has(label)).length / truths[i]!.size);
    });
    points.push({ ef, recallAt10: mean(recalls), medianMs: summarize(times).median });
  }
  index.setEf(DEFAULT_EF_SEARCH);
  return { queries: queries.length, defaultEf: DEFAULT_EF_SEARCH, points };
}

/** One article at a time, each in its own transaction, alternating with and without vectors. */
function measureIncrementalWrites(store: Store, input: ScaleWorkerInput, articles: Iterator<SyntheticArticle, never>, random: () => number): ScaleWorkerResult["incrementalWrite"] {
  const keywordOnly: number[] = [];
  const withVectors: number[] = [];
  for (let i = 0; i < 2 * input.incrementalArticles; i++) {
    const { record, chunks } = articles.next().value;
    const vectors = i % 2 === 1 ? { model: SYNTHETIC_MODEL, values: chunks.map(() => randomUnitVector(random, BENCH_DIMENSIONS)) } : null;
    const started = performance.now();
    writeArticle(store, record, { chunks, vectors });
    (vectors ? withVectors : keywordOnly).push(performance.now() - started);
  }
  return { keywordOnly: summarize(keywordOnly), withVectors: summarize(withVectors) };
}

function fileSize(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

async function measure(input: ScaleWorkerInput): Promise<ScaleWorkerResult> {
  fs.rmSync(input.dir, { recursive: true, force: true });
  const store = openStore(input.dir);
  const stories = loadReutersStories(input.reutersDir);
  const articles = syntheticArticles(stories, seededRandom(input.seed));
  const vectorRandom = seededRandom(input.seed + 3);

  let phaseStart = performance.now();
  const built = writeText(store, input, articles);
  const textSeconds = seconds(phaseStart);
  const vectorStart = performance.now();
  writeVectors(store, input, vectorRandom);
  const vectorSeconds = seconds(vectorStart);
  const build = seconds(phaseStart);
  progress(`scale ${input.chunks}: built ${built.chunks} chunks in ${build.toFixed(1)} s`);

  phaseStart = performance.now();
  const exact = loadExactIndex(store);
  const exactStore = withExactSearch(store, exact);
  const exactLoad = seconds(phaseStart);

  const embedder = randomQueryEmbedder();
  const questions = sample(
    stories.map((story) => story.title),
    WARMUP_QUERIES + input.runs * input.queriesPerRun,
    seededRandom(input.seed + 1),
  );
  const warmup = questions.slice(0, WARMUP_QUERIES);
  // Each run asks different questions, so no run is served from what an earlier one left in the caches.
  const runQuestions = (run: number, count: number) => questions.slice(WARMUP_QUERIES + run * input.queriesPerRun).slice(0, count);
  const search = (target: Store) => (query: string) => searchHybrid(target, embedder, { query, limit: input.searchLimit });
  const ask = (target: Store) => (question: string) => answerQuestion({ store: target, embedder, clock: ANSWER_CLOCK, timeZone: "UTC" }, question);
  const queryVector = async (text: string) => (await embedder.embed([text], "query"))[0]!;
  const vectorsHnsw = async (text: string) => searchVectors(store.vectors!, await queryVector(text), CANDIDATES);
  const vectorsExact = async (text: string) => exact.search(await queryVector(text), CANDIDATES);
  const keywordAlone = async (text: string) => searchKeyword(store, parseQuery(text), CANDIDATES, {});

  const latency = {
    search: { hnsw: [] as Summary[], exact: [] as Summary[] },
    ask: { hnsw: [] as Summary[], exact: [] as Summary[] },
    vectors: { hnsw: [] as Summary[], exact: [] as Summary[] },
    keyword: [] as Summary[],
  };
  phaseStart = performance.now();
  for (const warm of [search(store), ask(store), vectorsHnsw]) await timeEach(warmup, warm);
  for (let run = 0; run < input.runs; run++) {
    const batch = runQuestions(run, input.queriesPerRun);
    latency.search.hnsw.push(summarize(await timeEach(batch, search(store))));
    latency.ask.hnsw.push(summarize(await timeEach(batch, ask(store))));
    latency.vectors.hnsw.push(summarize(await timeEach(batch, vectorsHnsw)));
    latency.keyword.push(summarize(await timeEach(batch, keywordAlone)));
  }
  const hnswQueries = seconds(phaseStart);
  progress(`scale ${input.chunks}: HNSW queries done (${hnswQueries.toFixed(1)} s)`);

  phaseStart = performance.now();
  for (const warm of [search(exactStore), ask(exactStore)]) await timeEach(warmup.slice(0, 2), warm);
  for (let run = 0; run < input.runs; run++) {
    const batch = runQuestions(run, input.exactQueriesPerRun);
    latency.search.exact.push(summarize(await timeEach(batch, search(exactStore))));
    latency.ask.exact.push(summarize(await timeEach(batch, ask(exactStore))));
    latency.vectors.exact.push(summarize(await timeEach(batch, vectorsExact)));
  }
  const exactQueries = seconds(phaseStart);
  progress(`scale ${input.chunks}: exact-scan queries done (${exactQueries.toFixed(1)} s)`);

  phaseStart = performance.now();
  const recall = measureRecall(store, exact, input);
  const recallSeconds = seconds(phaseStart);

  phaseStart = performance.now();
  const incrementalWrite = measureIncrementalWrites(store, input, articles, vectorRandom);
  const incrementalSeconds = seconds(phaseStart);

  phaseStart = performance.now();
  closeStore(store);
  const save = seconds(phaseStart);
  const databaseBytes = ["newsdesk.db", "newsdesk.db-wal", "newsdesk.db-shm"].reduce((sum, file) => sum + fileSize(path.join(input.dir, file)), 0);
  const vectorIndexBytes = ["vectors.hnsw", "vectors.json"].reduce((sum, file) => sum + fileSize(path.join(input.dir, file)), 0);

  return {
    chunks: built.chunks,
    articles: built.articles,
    dimensions: BENCH_DIMENSIONS,
    build: { textSeconds, vectorSeconds },
    latency,
    recall,
    incrementalWrite,
    disk: { databaseBytes, vectorIndexBytes, totalBytes: databaseBytes + vectorIndexBytes },
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    phases: { build, exactLoad, hnswQueries, exactQueries, recall: recallSeconds, incrementalWrite: incrementalSeconds, save },
  };
}

serveAsChild(measure);
