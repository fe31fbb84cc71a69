/**
 * Section 1, quality: retrieval on TIME (article level) and SQuADShifts new_wiki + XQuAD-en distractors (passage
 * level), the dense weight's effect, and answer accuracy — each against plain BM25 on the same input.
 */
import path from "node:path";
import { answerQuestion, type AnswerContext } from "../src/answers";
import type { Embedder } from "../src/embeddings";
import { fusionWeights } from "../src/app/fusion-weights";
import { loadConfig } from "../src/config/load-config";
import { DEFAULT_WEIGHTS, resolveTimeWindow, searchHybrid, type FusionWeights } from "../src/retrieval";
import { closeStore, readStats, DEFAULT_EF_SEARCH, type Store } from "../src/store";
import { createPlainBm25Answerer } from "./baselines/plain-bm25-answer";
import { createPlainBm25 } from "./baselines/plain-bm25";
import { containsGoldAnswer, type SquadPassages } from "./datasets/squad";
import type { TimeCollection } from "./datasets/time";
import { TINY_MODEL_LABEL, type RealModel } from "./embedders";
import { loadExactIndex, withExactSearch, RECALL_EF_VALUES, type ExactCosineIndex } from "./exact-cosine";
import { mean } from "./metrics";
import { measureSmallIndexes, type SmallIndexesResult } from "./small-indexes";
import { measureWrittenQuestions, type WrittenQuestionsResult } from "./written-questions";
import { buildIndex, rankedArticleIds, type BenchDocument } from "./newsdesk-index";
import { rankingQuality, squadJudgedQueries, timeJudgedQueries, type JudgedQuery, type RankingQuality } from "./quality-baseline";
import { sample, seededRandom } from "./random";

export interface QualityRow {
  system: string;
  /** Which embeddings the dense side used: none, the tiny test model or a real model. */
  model: "none" | "tiny" | "real";
  /** How the nearest vectors were found, when there is a dense side. */
  vectorSearch: "exact" | "HNSW" | null;
  /** Null when the row could not run here (`note` says why). */
  quality: RankingQuality | null;
  note?: string;
}

export interface DatasetQuality {
  name: string;
  level: "article" | "passage";
  documents: number;
  chunks: number;
  queries: number;
  /** The row the deltas are taken against: plain BM25 on exactly the text newsdesk indexes. */
  reference: string;
  rows: QualityRow[];
}

export interface WeightSweepPoint {
  weights: FusionWeights;
  isDefault: boolean;
  time: RankingQuality;
  squad: RankingQuality;
}

export interface AnswerRow {
  system: string;
  model: "none" | "tiny" | "real";
  questions: number;
  answered: number;
  /** Answered with a quote containing one of the gold answer strings. */
  correct: number;
  /** Answered citing the question's gold passage. */
  citesGoldPassage: number;
  note?: string;
}

export interface QualityResult {
  /** Passages newsdesk is asked for per query, ranked at article level afterwards. */
  searchLimit: number;
  time: DatasetQuality;
  squad: DatasetQuality;
  weightSweep: { model: string; points: WeightSweepPoint[] }[];
  answers: {
    seed: number;
    questions: number;
    /** Questions holding a date phrase ("in 1990"): newsdesk restricts them to dated articles, and these passages have no date (a bare year is asked again as a word). */
    withDateWindow: number;
    rows: AnswerRow[];
    /** Questions whose whole Wikipedia article is left out of a second, keyword-only index: each answer is a false one. */
    offTopic: { articles: number; questions: number; answered: number };
    /** Questions of our own over articles of our own (bench/written), keyword-only. */
    written: WrittenQuestionsResult;
    /** Three-paragraph indexes, keyword-only (small-indexes.ts). */
    smallIndexes: SmallIndexesResult;
  };
  /** HNSW against exact search on the SQuAD pool's tiny-model vectors: real text, small scale. */
  hnswRecallOnText: { chunks: number; queries: number; defaultEf: number; points: { ef: number; recallAt10: number }[] };
}

export interface QualityOptions {
  workDir: string;
  time: TimeCollection;
  squad: SquadPassages;
  /** Memoized: the same questions are embedded once for every row. */
  tiny: Embedder;
  real: RealModel;
  /** Questions sampled for answer accuracy. */
  answerQuestions: number;
  /** Three-paragraph indexes built and asked (small-indexes.ts). */
  smallIndexes: number;
  /** SQuAD questions the retrieval rows use (all when undefined); a seeded sample otherwise. */
  retrievalQuestions?: number;
  /** Questions for the HNSW-vs-exact recall on text vectors. */
  recallQuestions: number;
  seed: number;
  progress: (line: string) => void;
}

/** Enough passages that, two per article at most, the top 10 articles are always there. */
const SEARCH_LIMIT = 30;
const RANK_DEPTH = 10;
const DENSE_ONLY: FusionWeights = { keyword: 0, dense: 1, k: DEFAULT_WEIGHTS.k };

/** What the product fuses with for this model when nothing is configured (unknown models: dense weight 0). */
function productWeights(model: string): FusionWeights {
  return fusionWeights(loadConfig({}), model);
}
const SWEEP_DENSE_WEIGHTS = [0, 0.25, 0.5, 1];
/** Relative phrases ("yesterday") resolve against this; any fixed day keeps runs comparable. */
const ANSWER_CLOCK = () => new Date("2026-01-01T12:00:00Z");
/** Wikipedia articles left out for the off-topic questions, and how many of their questions are asked (as bench/calibrate-answers.ts does). */
const OFF_TOPIC_ARTICLES = 6;
const OFF_TOPIC_QUESTIONS = 150;

type Ranker = (query: string) => Promise<string[]>;

function newsdeskRanker(store: Store, embedder: Embedder | null, weights: FusionWeights): Ranker {
  return async (query) => {
    const result = await searchHybrid(store, embedder, { query, limit: SEARCH_LIMIT }, weights);
    return rankedArticleIds(result.passages).slice(0, RANK_DEPTH);
  };
}

function bm25Ranker(documents: { id: string; text: string }[], stopWords?: ReadonlySet<string>): Ranker {
  const index = createPlainBm25(documents, { stopWords });
  return async (query) => index.search(query, RANK_DEPTH).map((hit) => hit.id);
}

async function evaluate(queries: readonly JudgedQuery[], rank: Ranker): Promise<RankingQuality> {
  const rankings = [];
  for (const query of queries) rankings.push({ ranked: await rank(query.text), relevant: query.relevant });
  return rankingQuality(rankings);
}

/** What BM25 sees is what newsdesk indexes: the title (weighted by FTS5, plain text to BM25) and the body. */
function indexedText(document: BenchDocument): string {
  return document.title ? `${document.title}\n\n${document.text}` : document.text;
}

interface DenseSetup {
  model: "tiny" | "real";
  label: string;
  embedder: Embedder;
  store: Store;
  exact: ExactCosineIndex;
  /** The same store, its nearest-neighbour search done by `exact`. */
  exactStore: Store;
}

async function denseSetup(dir: string, documents: readonly BenchDocument[], model: "tiny" | "real", label: string, embedder: Embedder): Promise<DenseSetup> {
  const store = await buildIndex(dir, documents, embedder);
  const exact = loadExactIndex(store);
  return { model, label, embedder, store, exact, exactStore: withExactSearch(store, exact) };
}

/** Dense-only and hybrid rows, exact and HNSW, for one embedder. */
async function denseRows(setup: DenseSetup, queries: readonly JudgedQuery[], progress: (line: string) => void): Promise<QualityRow[]> {
  const rows: QualityRow[] = [];
  for (const [system, weights] of [
    ["newsdesk dense-only", DENSE_ONLY],
    ["newsdesk hybrid (default weights)", productWeights(setup.embedder.model)],
  ] as const) {
    for (const [vectorSearch, store] of [
      ["exact", setup.exactStore],
      ["HNSW", setup.store],
    ] as const) {
      progress(`${system}, ${setup.label}, ${vectorSearch}`);
      rows.push({
        system: `${system} · ${setup.label}`,
        model: setup.model,
        vectorSearch,
        quality: await evaluate(queries, newsdeskRanker(store, setup.embedder, weights)),
      });
    }
  }
  return rows;
}

function missingModelRows(reason: string): QualityRow[] {
  return ["newsdesk dense-only · real model", "newsdesk hybrid (default weights) · real model"].map((system) => ({
    system,
    model: "real" as const,
    vectorSearch: null,
    quality: null,
    note: reason,
  }));
}

interface DatasetInput {
  name: string;
  level: "article" | "passage";
  documents: BenchDocument[];
  queries: JudgedQuery[];
  /** Extra plain-BM25 rows for context (e.g. the figure the shared README quotes). */
  extraReferences: { system: string; rank: Ranker }[];
}

interface DatasetRun {
  quality: DatasetQuality;
  dense: DenseSetup[];
}

async function runDataset(input: DatasetInput, options: QualityOptions): Promise<DatasetRun> {
  const progress = (line: string) => options.progress(`quality ${input.name}: ${line}`);
  const dir = (suffix: string) => path.join(options.workDir, `${input.name.replace(/\W+/g, "-").toLowerCase()}-${suffix}`);
  const reference = "plain BM25 (k1 1.2, b 0.75)";
  const rows: QualityRow[] = [];

  progress("plain BM25");
  const bm25Documents = input.documents.map((document) => ({ id: document.id, text: indexedText(document) }));
  rows.push({ system: reference, model: "none", vectorSearch: null, quality: await evaluate(input.queries, bm25Ranker(bm25Documents)) });
  for (const extra of input.extraReferences) {
    rows.push({ system: extra.system, model: "none", vectorSearch: null, quality: await evaluate(input.queries, extra.rank) });
  }

  progress(`indexing ${input.documents.length} documents with the ${TINY_MODEL_LABEL}`);
  const tiny = await denseSetup(dir("tiny"), input.documents, "tiny", TINY_MODEL_LABEL, options.tiny);
  progress("newsdesk keyword-only");
  rows.push({
    system: "newsdesk keyword-only",
    model: "none",
    vectorSearch: null,
    quality: await evaluate(input.queries, newsdeskRanker(tiny.store, null, DEFAULT_WEIGHTS)),
  });
  rows.push(...(await denseRows(tiny, input.queries, progress)));

  const dense = [tiny];
  if (options.real.embedder) {
    progress(`indexing with ${options.real.label}`);
    const real = await denseSetup(dir("real"), input.documents, "real", options.real.label, options.real.embedder);
    rows.push(...(await denseRows(real, input.queries, progress)));
    dense.push(real);
  } else {
    rows.push(...missingModelRows(options.real.reason));
  }

  const stats = readStats(tiny.store);
  return {
    quality: {
      name: input.name,
      level: input.level,
      documents: stats.articles,
      chunks: stats.chunks,
      queries: input.queries.length,
      reference,
      rows,
    },
    dense,
  };
}

async function sweepDenseWeight(time: DenseSetup, timeQueries: readonly JudgedQuery[], squad: DenseSetup, squadQueries: readonly JudgedQuery[], progress: (line: string) => void): Promise<WeightSweepPoint[]> {
  const productDense = productWeights(time.embedder.model).dense;
  const denseWeights = [...new Set([...SWEEP_DENSE_WEIGHTS, productDense])].sort((a, b) => a - b);
  const points: WeightSweepPoint[] = [];
  for (const dense of denseWeights) {
    const weights = { ...DEFAULT_WEIGHTS, dense };
    progress(`quality weight sweep (${time.label}): dense ${dense}`);
    points.push({
      weights,
      isDefault: dense === productDense,
      time: await evaluate(timeQueries, newsdeskRanker(time.store, time.embedder, weights)),
      squad: await evaluate(squadQueries, newsdeskRanker(squad.store, squad.embedder, weights)),
    });
  }
  return points;
}

async function measureAnswers(options: QualityOptions, pool: SquadPassages, documents: readonly BenchDocument[], dense: DenseSetup[]): Promise<QualityResult["answers"]> {
  const questions = sample(pool.questions, options.answerQuestions, seededRandom(options.seed));
  const rows: AnswerRow[] = [];
  const bodies = new Map(documents.map((document) => [document.id, document.text]));

  options.progress(`quality answers: plain BM25 + best sentence over ${questions.length} questions`);
  const plain = createPlainBm25Answerer(documents.map((document) => ({ id: document.id, text: indexedText(document), body: bodies.get(document.id)! })));
  const baseline: AnswerRow = { system: "plain BM25 top passage + best-overlap sentence", model: "none", questions: questions.length, answered: 0, correct: 0, citesGoldPassage: 0 };
  for (const question of questions) {
    const answer = plain(question.question);
    if (!answer) continue;
    baseline.answered += 1;
    if (containsGoldAnswer(answer.sentence, question.answers)) baseline.correct += 1;
    if (answer.documentId === question.passageId) baseline.citesGoldPassage += 1;
  }
  rows.push(baseline);

  const tiny = dense.find((setup) => setup.model === "tiny")!;
  const contexts: { system: string; model: AnswerRow["model"]; context: AnswerContext }[] = [
    { system: "newsdesk ask, keyword-only", model: "none", context: { store: tiny.store, embedder: null, clock: ANSWER_CLOCK, timeZone: "UTC" } },
    ...dense.map((setup) => ({
      system: `newsdesk ask, hybrid · ${setup.label}`,
      model: setup.model,
      context: { store: setup.store, embedder: setup.embedder, clock: ANSWER_CLOCK, timeZone: "UTC" },
    })),
  ];
  for (const { system, model, context } of contexts) {
    options.progress(`quality answers: ${system}`);
    const row: AnswerRow = { system, model, questions: questions.length, answered: 0, correct: 0, citesGoldPassage: 0 };
    for (const question of questions) {
      const answer = await answerQuestion(context, question.question);
      if (!answer.answered) continue;
      row.answered += 1;
      if (answer.quotes.some((quote) => containsGoldAnswer(quote.text, question.answers))) row.correct += 1;
      if (answer.quotes.some((quote) => quote.articleId === question.passageId)) row.citesGoldPassage += 1;
    }
    rows.push(row);
  }
  if (!options.real.embedder) {
    rows.push({ system: "newsdesk ask, hybrid · real model", model: "real", questions: 0, answered: 0, correct: 0, citesGoldPassage: 0, note: options.real.reason });
  }

  const withDateWindow = questions.filter((question) => resolveTimeWindow(question.question, ANSWER_CLOCK(), "UTC").window !== null).length;
  const offTopic = await measureOffTopic(options, pool, documents);
  options.progress("quality answers: questions of our own");
  const written = await measureWrittenQuestions(options.workDir);
  options.progress(`quality answers: ${options.smallIndexes} three-paragraph indexes`);
  const smallIndexes = await measureSmallIndexes(options.workDir, pool, options.smallIndexes, options.seed + 3);
  return { seed: options.seed, questions: questions.length, withDateWindow, rows, offTopic, written, smallIndexes };
}

/** How often newsdesk answers a question whose article the index does not hold: the other half of the evidence gate. */
async function measureOffTopic(options: QualityOptions, pool: SquadPassages, documents: readonly BenchDocument[]): Promise<QualityResult["answers"]["offTopic"]> {
  const titleOf = new Map(pool.passages.map((passage) => [passage.id, passage.title]));
  const random = seededRandom(options.seed);
  const removed = new Set(sample([...new Set(pool.questions.map((question) => titleOf.get(question.passageId)!))], OFF_TOPIC_ARTICLES, random));
  const questions = sample(
    pool.questions.filter((question) => removed.has(titleOf.get(question.passageId)!)),
    OFF_TOPIC_QUESTIONS,
    random,
  );
  options.progress(`quality answers: ${questions.length} off-topic questions, ${removed.size} articles left out`);
  const store = await buildIndex(
    path.join(options.workDir, "squad-off-topic"),
    documents.filter((document) => !removed.has(titleOf.get(document.id)!)),
    null,
  );
  try {
    let answered = 0;
    for (const question of questions) {
      if ((await answerQuestion({ store, embedder: null, clock: ANSWER_CLOCK, timeZone: "UTC" }, question.question)).answered) answered += 1;
    }
    return { articles: removed.size, questions: questions.length, answered };
  } finally {
    closeStore(store);
  }
}

/** HNSW against the exact scan on the tiny model's vectors of real text; ef set on the HNSW object, as in the scale runs. */
async function measureHnswRecallOnText(setup: DenseSetup, questions: readonly JudgedQuery[], count: number, seed: number): Promise<QualityResult["hnswRecallOnText"]> {
  const index = setup.store.vectors!.index;
  const { exact } = setup;
  const sampled = sample(questions, count, seededRandom(seed));
  const queries = await setup.embedder.embed(
    sampled.map((question) => question.text),
    "query",
  );
  const truths = queries.map((query) => new Set(exact.search(query, RANK_DEPTH).map(({ label }) => label)));
  const points = RECALL_EF_VALUES.map((ef) => {
    index.setEf(ef);
    const recalls = queries.map((query, i) => index.searchKnn(Array.from(query), RANK_DEPTH).neighbors.filter((label) => truths[i]!.has(label)).length / truths[i]!.size);
    return { ef, recallAt10: mean(recalls) };
  });
  index.setEf(DEFAULT_EF_SEARCH);
  return { chunks: exact.count, queries: sampled.length, defaultEf: DEFAULT_EF_SEARCH, points };
}

export async function measureQuality(options: QualityOptions): Promise<QualityResult> {
  const timeDocuments: BenchDocument[] = options.time.documents.map((document) => ({ id: document.id, title: "", text: document.text, published: document.date }));
  const timeQueries = timeJudgedQueries(options.time);
  const timeRun = await runDataset(
    {
      name: "TIME",
      level: "article",
      documents: timeDocuments,
      queries: timeQueries,
      extraReferences: [{ system: "plain BM25 + TIME.STP stop words", rank: bm25Ranker(timeDocuments, options.time.stopWords) }],
    },
    options,
  );

  const squadDocuments: BenchDocument[] = options.squad.passages.map((passage) => ({ id: passage.id, title: passage.title, text: passage.text }));
  const allSquadQueries = squadJudgedQueries(options.squad);
  const squadQueries =
    options.retrievalQuestions === undefined ? allSquadQueries : sample(allSquadQueries, options.retrievalQuestions, seededRandom(options.seed + 1));
  const squadRun = await runDataset(
    {
      name: "SQuADShifts new_wiki + XQuAD-en",
      level: "passage",
      documents: squadDocuments,
      queries: squadQueries,
      extraReferences: [
        {
          system: "plain BM25, body text only (the shared README's figure)",
          rank: bm25Ranker(squadDocuments.map((document) => ({ id: document.id, text: document.text }))),
        },
      ],
    },
    options,
  );

  const weightSweep = [];
  for (const [index, timeSetup] of timeRun.dense.entries()) {
    const squadSetup = squadRun.dense[index]!;
    weightSweep.push({ model: timeSetup.label, points: await sweepDenseWeight(timeSetup, timeQueries, squadSetup, squadQueries, options.progress) });
  }

  const answers = await measureAnswers(options, options.squad, squadDocuments, squadRun.dense);
  options.progress("quality: HNSW recall on text vectors");
  const hnswRecallOnText = await measureHnswRecallOnText(squadRun.dense[0]!, allSquadQueries, options.recallQuestions, options.seed + 2);

  for (const setup of [...timeRun.dense, ...squadRun.dense]) closeStore(setup.store);
  return { searchLimit: SEARCH_LIMIT, time: timeRun.quality, squad: squadRun.quality, weightSweep, answers, hnswRecallOnText };
}

