/**
 * One corpus size of the scale section, in a process of its own (its peak RSS is its own): takes the synthetic
 * index from the corpus cache (building it there through the store the first time, bench/scale-corpus.ts), then times search, ask and the vector search alone, HNSW against the exact scan over
 * the same vectors, measures HNSW recall@10 against exact at several ef, and what writing one more article costs
 * at this size.
 */
import fs from "node:fs";
import path from "node:path";
import { answerQuestion } from "../src/answers";
import { parseQuery, searchHybrid } from "../src/retrieval";
import { searchKeyword } from "../src/retrieval/search-fulltext";
import { closeStore, openStore, searchVectors, writeArticle, DEFAULT_EF_SEARCH, type Store } from "../src/store";
import { serveAsChild } from "./child-process";
import { loadReutersStories } from "./datasets/reuters";
import { BENCH_DIMENSIONS, randomQueryEmbedder, SYNTHETIC_MODEL } from "./embedders";
import { loadExactIndex, withExactSearch, type ExactCosineIndex } from "./exact-cosine";
import { mean, summarize, type Summary } from "./metrics";
import { randomUnitVector, sample, seededRandom } from "./random";
import { prepareScaleCorpus, type CorpusBuild } from "./scale-corpus";
import { syntheticArticles, type SyntheticArticle } from "./synthetic-corpus";

export interface ScaleWorkerInput {
  /** Where the index is measured: a copy of the cached corpus (measuring writes to it). */
  dir: string;
  /** Where built corpora are kept between runs (bench/out/); null builds in `dir` (the smoke run). */
  cacheDir: string | null;
  chunks: number;
  /** False: a keyword-only index (no vectors, as with EMBEDDING_MODEL=none), searched and asked without an embedder. */
  vectors: boolean;
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
  /** False for a keyword-only index: no vector, exact-scan or recall figures, and articles written without vectors. */
  vectors: boolean;
  articles: number;
  dimensions: number;
  /** How the corpus was built; `cached` when an earlier run built it (its figures are that run's). */
  build: CorpusBuild & { cached: boolean };
  latency: {
    search: LatencyRuns;
    ask: LatencyRuns;
    vectors: LatencyRuns;
    /** The keyword side of a search alone (FTS5 BM25, top 100): the same for both vector searches. */
    keyword: Summary[];
  };
  recall: { queries: number; defaultEf: number; points: RecallPoint[] } | null;
  /** Milliseconds to write one more article (its own transaction, as `ingest` does) into an index of this size. */
  incrementalWrite: { keywordOnly: Summary; withVectors: Summary | null };
  disk: { databaseBytes: number; vectorIndexBytes: number; totalBytes: number };
  peakRssBytes: number;
  /** Wall seconds of each phase, to extrapolate a size that was not run (corpus: building or copying it). */
  phases: { corpus: number; exactLoad: number; hnswQueries: number; exactQueries: number; recall: number; incrementalWrite: number; save: number };
}

const WARMUP_QUERIES = 10;
/** Candidates each side of a search asks for (retrieval's CANDIDATES). */
const CANDIDATES = 100;
const ANSWER_CLOCK = () => new Date("1987-12-31T12:00:00Z");

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
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
  for (let i = 0; i < (input.vectors ? 2 : 1) * input.incrementalArticles; i++) {
    const { record, chunks } = articles.next().value;
    const vectors = input.vectors && i % 2 === 1 ? { model: SYNTHETIC_MODEL, values: chunks.map(() => randomUnitVector(random, BENCH_DIMENSIONS)) } : null;
    const started = performance.now();
    writeArticle(store, record, { chunks, vectors });
    (vectors ? withVectors : keywordOnly).push(performance.now() - started);
  }
  return { keywordOnly: summarize(keywordOnly), withVectors: input.vectors ? summarize(withVectors) : null };
}

function fileSize(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

/**
 * Articles written after the measurements: a stream of its own (the corpus's would have to be replayed past every
 * article already stored), with ids of their own so each is a new article, not an update of a stored one.
 */
function* moreArticles(stories: Parameters<typeof syntheticArticles>[0], seed: number): Generator<SyntheticArticle, never> {
  const articles = syntheticArticles(stories, seededRandom(seed + 4));
  for (;;) {
    const { record, chunks } = articles.next().value;
    yield { record: { ...record, article: { ...record.article, id: `more:${record.article.id}` } }, chunks };
  }
}

async function measure(input: ScaleWorkerInput): Promise<ScaleWorkerResult> {
  let phaseStart = performance.now();
  const build = await prepareScaleCorpus({ chunks: input.chunks, vectors: input.vectors, seed: input.seed, reutersDir: input.reutersDir }, input.cacheDir, input.dir);
  const corpusSeconds = seconds(phaseStart);
  const store = openStore(input.dir, {
    onNotice: (message) => {
      throw new Error(`the corpus in ${input.dir} did not open as built: ${message}`);
    },
  });
  const stories = loadReutersStories(input.reutersDir);
  const vectorRandom = seededRandom(input.seed + 5);

  phaseStart = performance.now();
  const exact = input.vectors ? loadExactIndex(store) : null;
  const exactStore = exact && withExactSearch(store, exact);
  const exactLoad = seconds(phaseStart);

  const embedder = input.vectors ? randomQueryEmbedder() : null;
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
  const queryVector = async (text: string) => (await embedder!.embed([text], "query"))[0]!;
  const vectorsHnsw = async (text: string) => searchVectors(store.vectors!, await queryVector(text), CANDIDATES);
  const vectorsExact = async (text: string) => exact!.search(await queryVector(text), CANDIDATES);
  const keywordAlone = async (text: string) => searchKeyword(store, parseQuery(text), CANDIDATES, {});

  const latency = {
    search: { hnsw: [] as Summary[], exact: [] as Summary[] },
    ask: { hnsw: [] as Summary[], exact: [] as Summary[] },
    vectors: { hnsw: [] as Summary[], exact: [] as Summary[] },
    keyword: [] as Summary[],
  };
  phaseStart = performance.now();
  for (const warm of [search(store), ask(store), ...(input.vectors ? [vectorsHnsw] : [])]) await timeEach(warmup, warm);
  for (let run = 0; run < input.runs; run++) {
    const batch = runQuestions(run, input.queriesPerRun);
    latency.search.hnsw.push(summarize(await timeEach(batch, search(store))));
    latency.ask.hnsw.push(summarize(await timeEach(batch, ask(store))));
    if (input.vectors) latency.vectors.hnsw.push(summarize(await timeEach(batch, vectorsHnsw)));
    latency.keyword.push(summarize(await timeEach(batch, keywordAlone)));
  }
  const hnswQueries = seconds(phaseStart);
  progress(`scale ${input.chunks}: HNSW queries done (${hnswQueries.toFixed(1)} s)`);

  phaseStart = performance.now();
  if (exactStore) {
    for (const warm of [search(exactStore), ask(exactStore)]) await timeEach(warmup.slice(0, 2), warm);
    for (let run = 0; run < input.runs; run++) {
      const batch = runQuestions(run, input.exactQueriesPerRun);
      latency.search.exact.push(summarize(await timeEach(batch, search(exactStore))));
      latency.ask.exact.push(summarize(await timeEach(batch, ask(exactStore))));
      latency.vectors.exact.push(summarize(await timeEach(batch, vectorsExact)));
    }
    progress(`scale ${input.chunks}: exact-scan queries done (${seconds(phaseStart).toFixed(1)} s)`);
  }
  const exactQueries = seconds(phaseStart);

  phaseStart = performance.now();
  const recall = exact ? measureRecall(store, exact, input) : null;
  const recallSeconds = seconds(phaseStart);

  phaseStart = performance.now();
  const incrementalWrite = measureIncrementalWrites(store, input, moreArticles(stories, input.seed), vectorRandom);
  const incrementalSeconds = seconds(phaseStart);

  phaseStart = performance.now();
  closeStore(store);
  const save = seconds(phaseStart);
  const databaseBytes = ["newsdesk.db", "newsdesk.db-wal", "newsdesk.db-shm"].reduce((sum, file) => sum + fileSize(path.join(input.dir, file)), 0);
  const vectorIndexBytes = ["vectors.hnsw", "vectors.json"].reduce((sum, file) => sum + fileSize(path.join(input.dir, file)), 0);

  return {
    chunks: build.chunks,
    vectors: input.vectors,
    articles: build.articles,
    dimensions: BENCH_DIMENSIONS,
    build,
    latency,
    recall,
    incrementalWrite,
    disk: { databaseBytes, vectorIndexBytes, totalBytes: databaseBytes + vectorIndexBytes },
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    phases: { corpus: corpusSeconds, exactLoad, hnswQueries, exactQueries, recall: recallSeconds, incrementalWrite: incrementalSeconds, save },
  };
}

serveAsChild(measure);
