/**
 * Section 2, scale: query latency, HNSW recall, memory, disk and startup at growing corpus sizes, each size in
 * its own processes. A size is run only when its estimated duration (extrapolated from the sizes measured before
 * it) fits in what is left of the time budget; otherwise it is reported as skipped, with the estimate.
 */
import fs from "node:fs";
import path from "node:path";
import { runBenchChild } from "./child-process";
import { RECALL_EF_VALUES } from "./exact-cosine";
import { isScaleCorpusCached } from "./scale-corpus";
import type { ScaleWorkerInput, ScaleWorkerResult } from "./scale-worker";
import type { SectionRun } from "./results";
import type { StartupProbeInput, StartupProbeResult } from "./startup-probe";
import { sample, seededRandom } from "./random";

export interface ScaleOptions {
  workDir: string;
  /** Where built corpora are kept between runs (bench/out/); null builds each one afresh in workDir. */
  cacheDir: string | null;
  sizes: ScaleSize[];
  runs: number;
  queriesPerRun: number;
  startupRuns: number;
  startupQuestions: number;
  incrementalArticles: number;
  /** Reuters headlines: the startup probes' questions. */
  titles: string[];
  /** The Reuters-21578 folder the worker draws its synthetic articles from. */
  reutersDir: string;
  seed: number;
  /** Seconds left for this section when it starts. */
  budgetSeconds: number;
  progress: (line: string) => void;
}

/** A corpus size, with vectors (the hybrid search) or keyword-only (as with EMBEDDING_MODEL=none). */
export interface ScaleSize {
  chunks: number;
  vectors: boolean;
}

export type ScaleSizeResult =
  | {
      chunks: number;
      vectors: boolean;
      measured: ScaleWorkerResult;
      startup: StartupProbeResult[];
      /** Wall seconds for this size: build, queries and startup probes. */
      seconds: number;
      /** What this size was estimated to take before it ran (null for the first size). */
      estimatedSeconds: number | null;
    }
  | { chunks: number; vectors: boolean; skipped: string; estimatedSeconds: number | null };

export interface ScaleResult {
  sizes: ScaleSizeResult[];
  /** When and where it was measured (it can be refreshed alone: `npm run bench -- --only scale`). */
  measured?: SectionRun;
  searchLimit: number;
  efValues: number[];
}

/** The bot's /search default. */
const SEARCH_LIMIT = 10;
/** When only one size has been measured, the per-chunk build cost is assumed to grow this much per tenfold size. */
const ASSUMED_GROWTH_PER_DECADE = 1.5;

/** The exact scan costs O(chunks) a query: fewer of them at large sizes keep a size's run within minutes. */
function exactQueriesPerRun(chunks: number, queriesPerRun: number): number {
  return Math.max(Math.min(queriesPerRun, 10), Math.min(queriesPerRun, Math.round(5_000_000 / chunks)));
}

function recallQueries(chunks: number, queriesPerRun: number): number {
  return Math.max(Math.min(queriesPerRun, 50), Math.min(queriesPerRun, Math.round(20_000_000 / chunks)));
}

function workerInput({ chunks, vectors }: ScaleSize, dir: string, options: ScaleOptions): ScaleWorkerInput {
  return {
    dir,
    cacheDir: options.cacheDir,
    chunks,
    vectors,
    reutersDir: options.reutersDir,
    seed: options.seed,
    runs: options.runs,
    queriesPerRun: options.queriesPerRun,
    exactQueriesPerRun: exactQueriesPerRun(chunks, options.queriesPerRun),
    recallQueries: recallQueries(chunks, options.queriesPerRun),
    efValues: RECALL_EF_VALUES,
    searchLimit: SEARCH_LIMIT,
    incrementalArticles: options.incrementalArticles,
  };
}

type Measured = Extract<ScaleSizeResult, { measured: ScaleWorkerResult }>;

/**
 * Extrapolates from the largest measured size with vectors: the text's build cost grows linearly, the vectors' per
 * chunk as it did between the last two sizes (HNSW insertion slows as the graph grows); neither is paid for a corpus
 * already cached (copying it is, in proportion), nor the text for one whose keyword-only corpus is; the exact scan,
 * the recall ground truth (both only with vectors), single-article writes, saving and startup grow linearly; queries
 * are counted as growing like the vectors' build.
 */
function estimateSeconds(measured: readonly Measured[], size: ScaleSize, options: ScaleOptions): number {
  const withVectors = measured.filter((candidate) => candidate.measured.vectors);
  const last = withVectors.at(-1) ?? measured.at(-1)!;
  const previous = withVectors.at(-2);
  const ratio = size.chunks / last.measured.chunks;
  const perChunk = (candidate: Measured) => candidate.measured.build.vectorSeconds / candidate.measured.chunks;
  const [stepGrowth, stepRatio] = previous
    ? [perChunk(last) / perChunk(previous), last.measured.chunks / previous.measured.chunks]
    : [ASSUMED_GROWTH_PER_DECADE, 10];
  const growth = Math.max(1, stepGrowth) ** (Math.log(ratio) / Math.log(stepRatio));
  const { phases, build } = last.measured;
  const next = workerInput(size, "", options);
  const lastInput = workerInput({ chunks: last.measured.chunks, vectors: true }, "", options);
  const startupSeconds = last.seconds - Object.values(phases).reduce((sum, value) => sum + value, 0);
  const cached = (vectors: boolean) =>
    options.cacheDir !== null && isScaleCorpusCached({ chunks: size.chunks, vectors, seed: options.seed, reutersDir: options.reutersDir }, options.cacheDir);
  const copySeconds = build.cached ? phases.corpus * ratio : 0;
  const textSeconds = cached(false) ? 0 : build.textSeconds * ratio;
  const vectorSeconds = size.vectors ? build.vectorSeconds * ratio * growth : 0;
  const corpusSeconds = cached(size.vectors) ? copySeconds : textSeconds + vectorSeconds;
  const exactSeconds = size.vectors
    ? phases.exactLoad * ratio +
      phases.exactQueries * ratio * (next.exactQueriesPerRun / lastInput.exactQueriesPerRun) +
      phases.recall * ratio * (next.recallQueries / lastInput.recallQueries)
    : 0;
  return corpusSeconds + phases.hnswQueries * growth + exactSeconds + (phases.incrementalWrite + phases.save) * ratio + Math.max(0, startupSeconds) * ratio;
}

export async function measureScale(options: ScaleOptions): Promise<ScaleResult> {
  const started = performance.now();
  const results: ScaleSizeResult[] = [];
  const titles = options.titles;
  for (const size of options.sizes) {
    const { chunks, vectors } = size;
    const label = `scale ${chunks}${vectors ? "" : " keyword-only"}`;
    const measured = results.filter((result): result is Measured => "measured" in result);
    const estimatedSeconds = measured.length ? estimateSeconds(measured, size, options) : null;
    const leftSeconds = options.budgetSeconds - (performance.now() - started) / 1000;
    if (estimatedSeconds !== null && estimatedSeconds > leftSeconds) {
      const minutes = (seconds: number) => `${(seconds / 60).toFixed(0)} min`;
      const skipped = `estimated ${minutes(estimatedSeconds)} from the ${measured.at(-1)!.measured.chunks.toLocaleString("en")}-chunk run, ${minutes(Math.max(0, leftSeconds))} of the budget left`;
      results.push({ chunks, vectors, estimatedSeconds, skipped });
      options.progress(`${label}: skipped, ${skipped}`);
      continue;
    }

    const sizeStarted = performance.now();
    const dir = path.join(options.workDir, `scale-${chunks}${vectors ? "" : "-keyword-only"}`);
    options.progress(`${label}: building and querying${estimatedSeconds ? ` (estimated ${(estimatedSeconds / 60).toFixed(1)} min)` : ""}`);
    const worker = await runBenchChild<ScaleWorkerResult>("scale-worker.ts", workerInput(size, dir, options), { onProgress: options.progress });
    const startup: StartupProbeResult[] = [];
    const questions = sample(titles, options.startupQuestions, seededRandom(options.seed + chunks));
    for (let run = 1; run <= options.startupRuns; run++) {
      options.progress(`${label}: startup probe ${run}/${options.startupRuns}`);
      const input: StartupProbeInput = { dir, vectors, questions, searchLimit: SEARCH_LIMIT };
      startup.push(await runBenchChild<StartupProbeResult>("startup-probe.ts", input, { onProgress: options.progress }));
    }
    fs.rmSync(dir, { recursive: true, force: true });
    results.push({ chunks, vectors, measured: worker, startup, seconds: (performance.now() - sizeStarted) / 1000, estimatedSeconds });
  }
  return { sizes: results, searchLimit: SEARCH_LIMIT, efValues: RECALL_EF_VALUES };
}
