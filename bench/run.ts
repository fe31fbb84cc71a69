/**
 * `npm run bench`: quality, ingestion, the Discord path and scale, written to BENCHMARKS.md, bench/results.json
 * and a latency chart. `npm run bench -- --smoke` runs the same harness on tiny sizes into a temporary folder.
 * Options: `--out DIR` (where the three files go), `--budget-minutes N` (default 30: scale sizes that would not
 * fit are skipped with a note).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "./child-process";
import { datasetPaths, missingDatasetLine, type DatasetPaths } from "./datasets/paths";
import { loadReutersStories } from "./datasets/reuters";
import { loadSquadPassages, mixInDistractors, type SquadPassages } from "./datasets/squad";
import { listRealTimeQaWeeks, readRealTimeQaWeek, realTimeQaDir, realTimeQaMissing } from "./datasets/realtimeqa";
import { loadTimeCollection, type TimeCollection } from "./datasets/time";
import { measureDiscordPath } from "./discord-path";
import { createTinyEmbedder, loadRealEmbedder, memoizeEmbedder } from "./embedders";
import { describeEnvironment } from "./environment";
import { measureIngestion } from "./ingestion";
import { DEFAULT_JOBS, NEWS_QUIZ_CACHE_DIR, runNewsQuiz, type NewsQuizResult } from "./news-quiz";
import { measureQuality } from "./quality";
import { sample, seededRandom } from "./random";
import { readReliabilityResults, writeReliabilitySection } from "./reliability-report";
import { renderChart, renderMarkdown } from "./report";
import type { BenchResults, SectionRun } from "./results";
import { measureScale, type ScaleSize } from "./scale";
import { measureKeywordPeer } from "./keyword-peer";
import { measureStartup } from "./startup";

export interface BenchOptions {
  smoke: boolean;
  /** Where BENCHMARKS.md, results.json and the chart go; by default the repository (full) or a temporary folder (smoke). */
  outDir?: string;
  budgetMinutes?: number;
  /** Measure only these sections and merge them into the existing results.json. */
  only?: RefreshableSection[];
  /** The datasets (default: `BENCH_DATA_DIR`, else `../shared/datasets`). */
  datasets?: DatasetPaths;
  progress?: (line: string) => void;
}

const REFRESHABLE_SECTIONS = ["startup", "keyword", "quality", "newsQuiz", "scale"] as const;
type RefreshableSection = (typeof REFRESHABLE_SECTIONS)[number];

export interface BenchOutput {
  results: BenchResults;
  markdownFile: string;
  jsonFile: string;
  chartFile: string;
}

interface Profile {
  /** TIME articles kept (all when undefined), with the judgments and queries that still apply. */
  timeDocuments?: number;
  /** SQuADShifts paragraphs kept (all when undefined); XQuAD distractors are cut in proportion. */
  squadPassages?: number;
  /** SQuAD questions the retrieval rows ask (all when undefined). */
  retrievalQuestions?: number;
  answerQuestions: number;
  smallIndexes: number;
  recallQuestions: number;
  ingestionStories: number;
  ingestionRuns: number;
  /** Where the RealTimeQA quizzes are read from, and where the news quiz keeps its indexes (null: the run's work folder). */
  newsQuiz: { dataDir: string; cacheDir: string | null };
  discord: { sequential: number; bursts: number; burstSize: number };
  scale: { sizes: ScaleSize[]; runs: number; queriesPerRun: number; startupRuns: number; startupQuestions: number; incrementalArticles: number };
  budgetMinutes: number;
  startupRuns: number;
  keywordPeer: { sizes: number[]; queries: number };
}

const FULL: Profile = {
  answerQuestions: 500,
  smallIndexes: 150,
  recallQuestions: 1000,
  ingestionStories: 1000,
  ingestionRuns: 3,
  newsQuiz: { dataDir: realTimeQaDir(), cacheDir: NEWS_QUIZ_CACHE_DIR },
  discord: { sequential: 200, bursts: 5, burstSize: 20 },
  // A million chunks keyword-only before with vectors: its text is the first stage of the full corpus, and measured
  // on its own when the budget has no room for the HNSW build.
  scale: {
    sizes: [
      { chunks: 10_000, vectors: true },
      { chunks: 100_000, vectors: true },
      { chunks: 1_000_000, vectors: false },
      { chunks: 1_000_000, vectors: true },
    ],
    runs: 3, queriesPerRun: 200, startupRuns: 3, startupQuestions: 20, incrementalArticles: 100 },
  budgetMinutes: 30,
  startupRuns: 9,
  keywordPeer: { sizes: [10_000, 100_000], queries: 200 },
};

const SMOKE: Profile = {
  timeDocuments: 60,
  squadPassages: 120,
  retrievalQuestions: 60,
  answerQuestions: 20,
  smallIndexes: 2,
  recallQuestions: 20,
  ingestionStories: 30,
  ingestionRuns: 1,
  // The invented quizzes of the tests: the smoke run must not need the dataset.
  newsQuiz: { dataDir: path.join(REPO_ROOT, "test", "fixtures", "realtimeqa"), cacheDir: null },
  discord: { sequential: 4, bursts: 1, burstSize: 4 },
  scale: {
    sizes: [
      { chunks: 1_000, vectors: true },
      { chunks: 2_000, vectors: false },
      { chunks: 2_000, vectors: true },
    ],
    runs: 2, queriesPerRun: 8, startupRuns: 1, startupQuestions: 3, incrementalArticles: 5 },
  budgetMinutes: 5,
  startupRuns: 1,
  keywordPeer: { sizes: [1_000], queries: 10 },
};

const SEED = 20_260_601;
const CHART_NAME = "latency-vs-corpus-size.svg";

function subsetTime(collection: TimeCollection, documents: number | undefined): TimeCollection {
  if (documents === undefined) return collection;
  const kept = collection.documents.slice(0, documents);
  const keptIds = new Set(kept.map((document) => document.id));
  const relevant = new Map<string, Set<string>>();
  for (const [queryId, ids] of collection.relevant) {
    const remaining = new Set([...ids].filter((id) => keptIds.has(id)));
    if (remaining.size > 0) relevant.set(queryId, remaining);
  }
  return { ...collection, documents: kept, relevant, queries: collection.queries.filter((query) => relevant.has(query.id)) };
}

function loadSquadPool(datasets: DatasetPaths, passages: number | undefined): SquadPassages {
  const pool = loadSquadPassages(datasets.squadShiftsNewWikiFile);
  const distractors = loadSquadPassages(datasets.xquadEnFile);
  if (passages === undefined) return mixInDistractors(pool, distractors, "xquad:");
  const keep = (set: SquadPassages, count: number): SquadPassages => {
    const kept = set.passages.slice(0, count);
    const ids = new Set(kept.map((passage) => passage.id));
    return { passages: kept, questions: set.questions.filter((question) => ids.has(question.passageId)) };
  };
  const share = passages / pool.passages.length;
  return mixInDistractors(keep(pool, passages), keep(distractors, Math.ceil(distractors.passages.length * share)), "xquad:");
}

/** Both splits of the news quiz, or the one line saying why it could not run. */
async function measureNewsQuiz(profile: Profile, workDir: string, progress: (line: string) => void): Promise<NewsQuizResult> {
  const missing = realTimeQaMissing(profile.newsQuiz.dataDir);
  if (missing) {
    progress(`news quiz: skipped — ${missing}`);
    return { skipped: missing };
  }
  progress("news quiz: reading RealTimeQA 2022–2024");
  const weeks = listRealTimeQaWeeks(profile.newsQuiz.dataDir).weeks.map(readRealTimeQaWeek);
  const runs = await runNewsQuiz({ weeks, cacheDir: profile.newsQuiz.cacheDir ?? path.join(workDir, "news-quiz"), jobs: DEFAULT_JOBS, progress });
  return { splits: runs.map((run) => run.split) };
}

function elapsedSeconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** The datasets, samples and embedders the sections share. */
async function prepareInputs(datasets: DatasetPaths, profile: Profile, workDir: string, progress: (line: string) => void) {
  progress("loading the datasets");
  const time = subsetTime(loadTimeCollection(datasets.timeDir), profile.timeDocuments);
  const squad = loadSquadPool(datasets, profile.squadPassages);
  const allStories = loadReutersStories(datasets.reutersDir);
  const stories = sample(allStories, profile.ingestionStories, seededRandom(SEED));
  const discordQuestions = sample(
    stories.map((story) => story.title),
    profile.discord.sequential + profile.discord.bursts * profile.discord.burstSize,
    seededRandom(SEED + 1),
  );
  const vocabulary = [
    ...time.documents.map((document) => document.text),
    ...time.queries.map((query) => query.text),
    ...squad.passages.map((passage) => `${passage.title} ${passage.text}`),
    ...squad.questions.map((question) => question.question),
    ...stories.map((story) => `${story.title} ${story.text}`),
  ];
  progress("creating the tiny test model");
  const tiny = await createTinyEmbedder(workDir, vocabulary);
  const real = await loadRealEmbedder(workDir);
  return { time, squad, allStories, stories, discordQuestions, tiny, real };
}

async function measureQualityOf(
  inputs: Awaited<ReturnType<typeof prepareInputs>>,
  profile: Profile,
  workDir: string,
  progress: (line: string) => void,
): Promise<BenchResults["quality"]> {
  const { real } = inputs;
  return measureQuality({
    workDir,
    time: inputs.time,
    squad: inputs.squad,
    tiny: memoizeEmbedder(inputs.tiny.embedder),
    real: real.embedder ? { ...real, embedder: memoizeEmbedder(real.embedder) } : real,
    answerQuestions: profile.answerQuestions,
    smallIndexes: profile.smallIndexes,
    retrievalQuestions: profile.retrievalQuestions,
    recallQuestions: profile.recallQuestions,
    seed: SEED,
    progress,
  });
}

export async function runBenchmarks(options: BenchOptions): Promise<BenchOutput> {
  const profile = options.smoke ? SMOKE : FULL;
  const datasets = options.datasets ?? datasetPaths();
  const missing = missingDatasetLine(datasets);
  if (missing) throw new MissingDatasetError(missing);
  const budgetMinutes = options.budgetMinutes ?? profile.budgetMinutes;
  const started = performance.now();
  const progress = (line: string) => options.progress?.(`[${(elapsedSeconds(started) / 60).toFixed(1)} min] ${line}`);
  const environment = describeEnvironment();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-bench-"));
  const removeWorkDir = () => fs.rmSync(workDir, { recursive: true, force: true });
  // An interrupted run would otherwise leave its indexes (gigabytes at the large sizes) in the temporary folder.
  const onSignal = (signal: NodeJS.Signals) => {
    removeWorkDir();
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const inputs = await prepareInputs(datasets, profile, workDir, progress);
    const { time, squad, allStories, stories, discordQuestions, tiny, real } = inputs;

    let sectionStart = performance.now();
    const quality = await measureQualityOf(inputs, profile, workDir, progress);
    const qualitySeconds = elapsedSeconds(sectionStart);

    sectionStart = performance.now();
    const newsQuiz = await measureNewsQuiz(profile, workDir, progress);
    const newsQuizSeconds = elapsedSeconds(sectionStart);

    sectionStart = performance.now();
    const { tinyIndexDir, articlesDir, ...ingestion } = await measureIngestion({
      workDir,
      stories,
      tiny: tiny.embedder,
      real,
      runs: profile.ingestionRuns,
      progress,
    });
    const ingestionSeconds = elapsedSeconds(sectionStart);

    sectionStart = performance.now();
    const discord = await measureDiscordPath({
      indexDir: tinyIndexDir,
      articlesDir,
      modelPath: tiny.modelPath,
      modelId: tiny.modelId,
      questions: discordQuestions,
      ...profile.discord,
      progress,
    });
    const discordSeconds = elapsedSeconds(sectionStart);

    const startup = await measureStartupSection(workDir, profile, progress);
    const keywordPeer = await measureKeywordPeerSection(options.smoke ? workDir : CORPUS_CACHE_DIR, profile, datasets, progress);

    sectionStart = performance.now();
    const scale = await measureScaleSection(options.smoke, workDir, profile, datasets, allStories, budgetMinutes * 60 - elapsedSeconds(started), progress);
    const scaleSeconds = elapsedSeconds(sectionStart);

    const results: BenchResults = {
      profile: options.smoke ? "smoke" : "full",
      environment,
      settings: {
        seed: SEED,
        budgetMinutes,
        timeDocuments: time.documents.length,
        squadPassages: squad.passages.length,
        ingestionStories: stories.length,
        ingestionRuns: profile.ingestionRuns,
        discord: profile.discord,
        scale: { sizes: profile.scale.sizes, runs: profile.scale.runs, queriesPerRun: profile.scale.queriesPerRun, startupRuns: profile.scale.startupRuns },
      },
      durationSeconds: elapsedSeconds(started),
      sectionSeconds: { quality: qualitySeconds, newsQuiz: newsQuizSeconds, ingestion: ingestionSeconds, discord: discordSeconds, scale: scaleSeconds },
      quality,
      newsQuiz,
      ingestion,
      discord,
      scale,
      startup,
      keywordPeer,
    };
    return writeOutputs(results, options);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    removeWorkDir();
  }
}

function sectionRun(): SectionRun {
  const { date, commit, loadAverage } = describeEnvironment();
  return { date, commit, loadAverage };
}

async function measureStartupSection(workDir: string, profile: Profile, progress: (line: string) => void): Promise<BenchResults["startup"]> {
  const measured = sectionRun();
  return { ...(await measureStartup({ workDir, runs: profile.startupRuns, progress })), measured };
}

/** Built benchmark corpora kept between full runs (git-ignored). */
const CORPUS_CACHE_DIR = path.join(REPO_ROOT, "bench", "out");

/** The scale sizes; a full run keeps the corpora it builds in CORPUS_CACHE_DIR (a million chunks take most of an hour). */
async function measureScaleSection(
  smoke: boolean,
  workDir: string,
  profile: Profile,
  datasets: DatasetPaths,
  stories: readonly { title: string }[],
  budgetSeconds: number,
  progress: (line: string) => void,
): Promise<BenchResults["scale"]> {
  const measured = sectionRun();
  const scale = await measureScale({
    workDir,
    cacheDir: smoke ? null : CORPUS_CACHE_DIR,
    ...profile.scale,
    titles: stories.map((story) => story.title),
    reutersDir: datasets.reutersDir,
    seed: SEED,
    budgetSeconds,
    progress,
  });
  return { ...scale, measured };
}

async function measureKeywordPeerSection(
  cacheDir: string,
  profile: Profile,
  datasets: DatasetPaths,
  progress: (line: string) => void,
): Promise<BenchResults["keywordPeer"]> {
  const measured = sectionRun();
  const { squadShiftsNewWikiFile, reutersDir } = datasets;
  return { sizes: await measureKeywordPeer({ cacheDir, ...profile.keywordPeer, seed: SEED, squadShiftsNewWikiFile, reutersDir, progress }), measured };
}

/** `--only SECTION,…`: measures those sections again and writes them into the results of the last full run. */
async function refreshSections(options: BenchOptions & { only: RefreshableSection[] }): Promise<BenchOutput> {
  const profile = options.smoke ? SMOKE : FULL;
  const started = performance.now();
  const progress = (line: string) => options.progress?.(`[${(elapsedSeconds(started) / 60).toFixed(1)} min] ${line}`);
  const { jsonFile } = outputFiles(options);
  if (!fs.existsSync(jsonFile)) throw new Error(`--only needs the results of a full run in ${jsonFile}; run \`npm run bench\` first`);
  const results = JSON.parse(fs.readFileSync(jsonFile, "utf8")) as BenchResults;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-bench-"));
  try {
    if (options.only.includes("startup")) results.startup = await measureStartupSection(workDir, profile, progress);
    if (options.only.includes("keyword")) results.keywordPeer = await measureKeywordPeerSection(options.smoke ? workDir : CORPUS_CACHE_DIR, profile, options.datasets ?? datasetPaths(), progress);
    // Each refreshed section records the commit, date and load it started with.
    if (options.only.includes("quality")) {
      const sectionStart = performance.now();
      const run = sectionRun();
      const inputs = await prepareInputs(options.datasets ?? datasetPaths(), profile, workDir, progress);
      results.quality = await measureQualityOf(inputs, profile, workDir, progress);
      results.sectionSeconds.quality = elapsedSeconds(sectionStart);
      results.refreshed = { ...results.refreshed, quality: run };
    }
    if (options.only.includes("scale")) {
      const sectionStart = performance.now();
      const run = sectionRun();
      const datasets = options.datasets ?? datasetPaths();
      const missing = missingDatasetLine(datasets);
      if (missing) throw new MissingDatasetError(missing);
      const budgetMinutes = options.budgetMinutes ?? profile.budgetMinutes;
      results.scale = await measureScaleSection(options.smoke, workDir, profile, datasets, loadReutersStories(datasets.reutersDir), budgetMinutes * 60, progress);
      results.sectionSeconds.scale = elapsedSeconds(sectionStart);
      results.settings.scale = { sizes: profile.scale.sizes, runs: profile.scale.runs, queriesPerRun: profile.scale.queriesPerRun, startupRuns: profile.scale.startupRuns };
      results.refreshed = { ...results.refreshed, scale: run };
    }
    if (options.only.includes("newsQuiz")) {
      const sectionStart = performance.now();
      const run = sectionRun();
      results.newsQuiz = await measureNewsQuiz(profile, workDir, progress);
      results.sectionSeconds.newsQuiz = elapsedSeconds(sectionStart);
      results.refreshed = { ...results.refreshed, newsQuiz: run };
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return writeOutputs(results, options);
}

function outputFiles(options: BenchOptions): { markdownFile: string; jsonFile: string; chartFile: string } {
  const outDir = options.outDir;
  return {
    markdownFile: outDir ? path.join(outDir, "BENCHMARKS.md") : path.join(REPO_ROOT, "BENCHMARKS.md"),
    jsonFile: outDir ? path.join(outDir, "results.json") : path.join(REPO_ROOT, "bench", "results.json"),
    chartFile: outDir ? path.join(outDir, CHART_NAME) : path.join(REPO_ROOT, "bench", CHART_NAME),
  };
}

function writeOutputs(results: BenchResults, options: BenchOptions): BenchOutput {
  const outDir = options.outDir ?? (options.smoke ? fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-bench-smoke-")) : undefined);
  const { markdownFile, jsonFile, chartFile } = outputFiles({ ...options, outDir });
  fs.mkdirSync(path.dirname(markdownFile), { recursive: true });
  fs.writeFileSync(chartFile, renderChart(results));
  fs.writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  const chartLink = path.relative(path.dirname(markdownFile), chartFile).split(path.sep).join("/");
  // Sections other commands write (`npm run bench:jsonl`) are kept as they were.
  const kept = keptSections(markdownFile);
  fs.writeFileSync(markdownFile, `${renderMarkdown(results, chartLink).trimEnd()}\n${kept ? `\n${kept}` : ""}`);
  // The soak (`npm run soak`) writes its own section; a benchmark run keeps the last one.
  const reliability = readReliabilityResults(path.join(REPO_ROOT, "bench/reliability.json"));
  if (reliability) writeReliabilitySection(markdownFile, reliability);
  return { results, markdownFile, jsonFile, chartFile };
}

/** Sections of BENCHMARKS.md that other commands write, as they stand in the file. */
const KEPT_SECTIONS = ["## JSONL import"];

function keptSections(markdownFile: string): string {
  if (!fs.existsSync(markdownFile)) return "";
  const text = fs.readFileSync(markdownFile, "utf8");
  return KEPT_SECTIONS.map((heading) => {
    const at = text.indexOf(`\n${heading}\n`);
    if (at === -1) return "";
    const next = text.indexOf("\n## ", at + heading.length + 1);
    return text.slice(at + 1, next === -1 ? text.length : next + 1).trimEnd() + "\n";
  })
    .filter(Boolean)
    .join("\n");
}

/** A dataset is not where the benchmark looks: reported as its one line, without a stack. */
class MissingDatasetError extends Error {}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      smoke: { type: "boolean", default: false },
      out: { type: "string" },
      "budget-minutes": { type: "string" },
      only: { type: "string" },
    },
  });
  const only = values.only?.split(",").map((name) => name.trim());
  const unknown = only?.filter((name) => !(REFRESHABLE_SECTIONS as readonly string[]).includes(name)) ?? [];
  if (unknown.length > 0) throw new Error(`--only takes ${REFRESHABLE_SECTIONS.join(", ")}; got "${unknown.join(", ")}"`);
  const budgetMinutes = values["budget-minutes"] === undefined ? undefined : Number(values["budget-minutes"]);
  if (budgetMinutes !== undefined && !(budgetMinutes > 0)) throw new Error(`--budget-minutes must be a positive number, got "${values["budget-minutes"]}"`);
  const settings = {
    smoke: values.smoke,
    outDir: values.out === undefined ? undefined : path.resolve(values.out),
    budgetMinutes,
    progress: (line: string) => process.stderr.write(`${line}\n`),
  };
  const output = only ? await refreshSections({ ...settings, only: only as RefreshableSection[] }) : await runBenchmarks(settings);
  process.stderr.write(`wrote ${output.markdownFile}, ${output.jsonFile} and ${output.chartFile}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    if (error instanceof MissingDatasetError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
