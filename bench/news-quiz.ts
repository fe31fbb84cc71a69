/**
 * The news quiz: RealTimeQA's weekly questions (2022–2024) asked of a newsdesk index of the articles of the same
 * weeks, each as of its quiz date, against plain BM25's top sentence on the same articles. Questions split into
 * `dev` (2022–2023: look at these) and `check` (2024: only measure); each split has its own index.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { answerQuestion, type Answer } from "../src/answers";
import { paragraphAt, paragraphKey } from "../src/articles/paragraphs";
import { articleFromJson } from "../src/articles/parse-json";
import type { ParsedArticle } from "../src/articles/types";
import { createArticleWriter, textHashOf } from "../src/ingest/article-writer";
import { closeStore, openStore, readStats, type Store } from "../src/store";
import { isRunning } from "../src/store/writer-lock";
import { createPlainBm25Answerer } from "./baselines/plain-bm25-answer";
import { REPO_ROOT, runBenchChild } from "./child-process";
import { corpusOf, pageKey, type RealTimeQaArticle, type RealTimeQaQuestion, type RealTimeQaWeek } from "./datasets/realtimeqa";

/** bench/out is ignored by git; `npm run bench` and bench/news-quiz-run.ts share the indexes kept here. */
export const NEWS_QUIZ_CACHE_DIR = path.join(REPO_ROOT, "bench", "out", "news-quiz");
/** Answering is CPU-bound and each process reads the index on its own: one per core, two at most (the target machine). */
export const DEFAULT_JOBS = Math.min(2, os.availableParallelism());
export const NEWSDESK_SYSTEM = "newsdesk ask, keyword-only";
export const BASELINE_SYSTEM = "plain BM25 top article + best-overlap sentence";

/** What happened to one question with one system. */
export interface QuizOutcome {
  id: string;
  asOf: string;
  question: string;
  gold: string;
  answered: boolean;
  /** The quoted sentences (newsdesk) or the one sentence (plain BM25). */
  quotes: string[];
  /** A quote holds the gold choice. */
  quoted: boolean;
  /** The gold choice is in one of the first 5 / 8 retrieved passages (newsdesk) or articles (plain BM25). */
  goldInTop5: boolean;
  goldInTop8: boolean;
  /** A quote comes from a paragraph its outlet repeats across unrelated articles (see BOILERPLATE_ARTICLES). */
  boilerplate: boolean;
}

/** Why a question was not answered with the gold choice, from where the gold choice was. */
export interface MissCounts {
  /** Refused although a retrieved passage held the gold choice. */
  refusedAnswerRetrieved: number;
  /** Quoted a sentence without the gold choice although a retrieved passage held it. */
  wrongSentence: number;
  /** No retrieved passage held the gold choice. */
  notRetrieved: number;
}

export interface NewsQuizRow {
  system: string;
  questions: number;
  answered: number;
  /** Answers with a quote holding the gold choice. */
  quoted: number;
  goldInTop5: number;
  goldInTop8: number;
  boilerplate: number;
  misses: MissCounts;
}

export interface NewsQuizSplit {
  name: "dev" | "check";
  years: number[];
  weeks: number;
  /** Articles of the split's weeks (one per url) and what the index made of them. */
  articles: number;
  /** Quiz pages the search returned, left out of the corpus. */
  quizPages: number;
  indexedArticles: number;
  chunks: number;
  /** True when the index came from the cache. */
  cachedIndex: boolean;
  questions: number;
  /**
   * Questions whose correct choice is in the title or text of their own search results (quiz pages left out): a
   * rough ceiling for quoting it, as other articles of the split mention it too, mostly in passing.
   */
  answerInOwnResults: number;
  rows: NewsQuizRow[];
}

export type NewsQuizResult = { skipped: string } | { splits: NewsQuizSplit[] };

export interface NewsQuizSplitRun {
  split: NewsQuizSplit;
  /** Per system, per question, in question order. */
  outcomes: Record<string, QuizOutcome[]>;
}

export interface NewsQuizOptions {
  weeks: readonly RealTimeQaWeek[];
  /** Where indexes are kept between runs, one folder per split, named by what went into it. */
  cacheDir: string;
  /** Questions asked per split, spread evenly over its weeks (all when undefined). */
  limit?: number;
  /** Processes answering at once (1, the default: in this process). */
  jobs?: number;
  progress: (line: string) => void;
}

const DEV_YEARS = [2022, 2023];
const CHECK_YEARS = [2024];
/** newsdesk answers from its top 8 passages (DEFAULT_TUNING.passages); recall is read at 5 and 8. */
const RECALL_DEPTH = 8;
/**
 * A paragraph its outlet prints in this many articles with different titles is boilerplate ("Follow every game:
 * Latest NFL Scores and Schedules"), not news. Counting per outlet keeps a syndicated wire story, the same
 * paragraph at several outlets, from counting.
 */
const BOILERPLATE_ARTICLES = 3;
const PROGRESS_EVERY = 250;
/** Any fixed instant: ingestion time plays no part in ranking. */
const INGESTED_AT = new Date("2026-01-01T00:00:00Z");
/** Indexes kept per split, most recently used first: a quick run with --weeks does not evict the full run's. */
const KEPT_INDEXES_PER_SPLIT = 3;
/** What the cached index depends on besides the articles: the code that parses, chunks and stores them. */
const PIPELINE_SOURCES = ["src/articles", "src/chunking", "src/ingest", "src/store"];

/** Lowercased letters and digits, diacritics folded, everything else one space: "Zürich's" → "zurich s"; as paragraphs are compared. */
export const normaliseForMatch = paragraphKey;

/**
 * True when `text` holds `answer` after normaliseForMatch, starting at a word: "Australia" is found in "an
 * Australian firm" and "goat" in "goats", but "10" is not found in "100" (an answer ending in a digit must end a word).
 */
export function containsAnswer(text: string, answer: string): boolean {
  const needle = normaliseForMatch(answer);
  if (needle === "") return false;
  const haystack = ` ${normaliseForMatch(text)} `;
  return haystack.includes(/\p{N}$/u.test(needle) ? ` ${needle} ` : ` ${needle}`);
}

/** Questions evenly spread over the list, first and last included; all when `limit` is undefined or large. */
function spreadQuestions(questions: readonly RealTimeQaQuestion[], limit: number | undefined): RealTimeQaQuestion[] {
  if (limit === undefined || limit >= questions.length) return [...questions];
  if (limit <= 1) return questions.slice(0, Math.max(limit, 0));
  return Array.from({ length: limit }, (_, i) => questions[Math.round((i * (questions.length - 1)) / (limit - 1))]!);
}

/**
 * The corpus as `ingest` would read it from a `.jsonl` of CONTRACT.md articles; unreadable ones are dropped, and
 * so are urls newsdesk reads as one article ("…/index.html" and "…/index.html/"), whose first copy is kept:
 * the writer fails on two such copies of one text in a batch ("FOREIGN KEY constraint failed").
 */
function parseCorpus(articles: readonly RealTimeQaArticle[]): ParsedArticle[] {
  const byId = new Map<string, ParsedArticle>();
  for (const [index, article] of articles.entries()) {
    const outcome = articleFromJson(
      { title: article.title, text: article.text, url: article.url, published: article.published, source: article.source },
      "realtimeqa.jsonl",
      index,
    );
    if ("article" in outcome && !byId.has(outcome.article.id)) byId.set(outcome.article.id, outcome.article);
  }
  return [...byId.values()];
}

function hashFiles(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) hashFiles(hash, file);
    else hash.update(`${entry.name}\0`).update(fs.readFileSync(file)).update("\0");
  }
}

function indexKey(articles: readonly ParsedArticle[]): string {
  const hash = createHash("sha256");
  for (const source of PIPELINE_SOURCES) hashFiles(hash, path.join(REPO_ROOT, source));
  for (const article of articles) hash.update(JSON.stringify([article.id, article.title, article.text, article.url, article.published, article.source])).update("\n");
  return hash.digest("hex").slice(0, 16);
}

/** The split's index from the cache, or built into it (through a temporary folder, so a killed build is never reused). */
async function openSplitIndex(name: string, articles: readonly ParsedArticle[], cacheDir: string, progress: (line: string) => void): Promise<{ store: Store; cached: boolean }> {
  const dir = path.join(cacheDir, `${name}-${indexKey(articles)}`);
  if (fs.existsSync(dir)) {
    const now = new Date();
    fs.utimesSync(dir, now, now);
    return { store: openStore(dir), cached: true };
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const entries = fs.readdirSync(cacheDir).filter((entry) => entry.startsWith(`${name}-`));
  // Builds whose process is gone were interrupted.
  for (const entry of entries.filter((candidate) => /\.building-\d+$/.test(candidate) && !isRunning(Number(candidate.split("-").at(-1))))) {
    fs.rmSync(path.join(cacheDir, entry), { recursive: true, force: true });
  }
  const older = entries
    .filter((entry) => !entry.includes(".building-"))
    .map((entry) => path.join(cacheDir, entry))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  for (const stale of older.slice(KEPT_INDEXES_PER_SPLIT - 1)) fs.rmSync(stale, { recursive: true, force: true });
  const building = `${dir}.building-${process.pid}`;
  progress(`news quiz ${name}: indexing ${articles.length} articles (kept in ${cacheDir} for the next run)`);
  const store = openStore(building);
  const writer = createArticleWriter(store, null, () => INGESTED_AT);
  for (const article of articles) await writer.add(article);
  await writer.flush();
  closeStore(store);
  fs.renameSync(building, dir);
  return { store: openStore(dir), cached: false };
}

/**
 * The quoted paragraphs (by paragraphKey) that are boilerplate: their outlet prints them in BOILERPLATE_ARTICLES
 * articles with different titles. Copies of one whole text count once, as newsdesk stores them: one text under
 * several headlines is a story re-titled, not a paragraph its outlet repeats across stories.
 */
export function boilerplateKeys(articles: readonly ParsedArticle[], keys: ReadonlySet<string>): Set<string> {
  const titlesByKey = new Map<string, Map<string, Set<string>>>();
  if (keys.size === 0) return new Set();
  const longest = Math.max(...[...keys].map((key) => key.length));
  const texts = new Set<string>();
  for (const article of articles) {
    const printed = article.text
      .split("\n\n")
      // Normalising only shortens a paragraph by so much; longer ones cannot be a key.
      .filter((paragraph) => paragraph.length <= longest * 4 + 200)
      .map(paragraphKey)
      .filter((key) => keys.has(key));
    if (printed.length === 0) continue;
    const copy = JSON.stringify([article.source ?? "", textHashOf(article.text)]);
    if (texts.has(copy)) continue;
    texts.add(copy);
    for (const key of printed) {
      const byOutlet = titlesByKey.get(key) ?? new Map<string, Set<string>>();
      const titles = byOutlet.get(article.source ?? "") ?? new Set<string>();
      titles.add(article.title);
      byOutlet.set(article.source ?? "", titles);
      titlesByKey.set(key, byOutlet);
    }
  }
  return new Set([...titlesByKey].filter(([, byOutlet]) => [...byOutlet.values()].some((titles) => titles.size >= BOILERPLATE_ARTICLES)).map(([key]) => key));
}

export interface NewsQuizWorkerInput {
  indexDir: string;
  questions: RealTimeQaQuestion[];
}

export interface PendingOutcome extends Omit<QuizOutcome, "boilerplate"> {
  /** The paragraphs the quotes come from, as paragraphKeys. */
  paragraphs: string[];
}

function newsdeskOutcome(question: RealTimeQaQuestion, answer: Answer): PendingOutcome {
  const passages = answer.passages.slice(0, RECALL_DEPTH).map((passage) => passage.chunk.text);
  const articleText = new Map(answer.passages.map((passage) => [passage.article.id, passage.article.text]));
  return {
    id: question.id,
    asOf: question.asOf,
    question: question.question,
    gold: question.gold,
    answered: answer.answered,
    quotes: answer.quotes.map((quote) => quote.text),
    quoted: answer.quotes.some((quote) => containsAnswer(quote.text, question.gold)),
    goldInTop5: passages.slice(0, 5).some((text) => containsAnswer(text, question.gold)),
    goldInTop8: passages.some((text) => containsAnswer(text, question.gold)),
    paragraphs: answer.quotes.flatMap((quote) => {
      const text = articleText.get(quote.articleId);
      return text ? [paragraphKey(paragraphAt(text, quote.start))] : [];
    }),
  };
}

/** newsdesk's answer to each question, asked as of its quiz date. */
export async function askNewsdesk(store: Store, questions: readonly RealTimeQaQuestion[], progress: (line: string) => void): Promise<PendingOutcome[]> {
  const pending: PendingOutcome[] = [];
  for (const [i, question] of questions.entries()) {
    const asOf = new Date(`${question.asOf}T12:00:00Z`);
    const answer = await answerQuestion({ store, embedder: null, clock: () => asOf, timeZone: "UTC" }, question.question);
    pending.push(newsdeskOutcome(question, answer));
    if ((i + 1) % PROGRESS_EVERY === 0) progress(`${i + 1} of ${questions.length} asked`);
  }
  return pending;
}

/** The questions dealt round-robin to `jobs` processes reading the same index; outcomes back in question order. */
async function askInChildren(indexDir: string, questions: readonly RealTimeQaQuestion[], jobs: number, progress: (line: string) => void): Promise<PendingOutcome[]> {
  const shares = Array.from({ length: jobs }, (_, job) => questions.filter((_, i) => i % jobs === job));
  const results = await Promise.all(
    shares.map((share, job) =>
      runBenchChild<PendingOutcome[]>("news-quiz-worker.ts", { indexDir, questions: share } satisfies NewsQuizWorkerInput, {
        onProgress: (line) => progress(`process ${job + 1}: ${line}`),
      }),
    ),
  );
  return questions.map((_, i) => results[i % jobs]![Math.floor(i / jobs)]!);
}

/** Each system's outcomes with `boilerplate` decided, in one pass over the corpus for all of them. */
function settle(bySystem: Record<string, readonly PendingOutcome[]>, articles: readonly ParsedArticle[]): Record<string, QuizOutcome[]> {
  const quoted = Object.values(bySystem).flatMap((pending) => pending.flatMap((outcome) => outcome.paragraphs));
  const boilerplate = boilerplateKeys(articles, new Set(quoted));
  return Object.fromEntries(
    Object.entries(bySystem).map(([system, pending]) => [system, pending.map(({ paragraphs, ...outcome }) => ({ ...outcome, boilerplate: paragraphs.some((key) => boilerplate.has(key)) }))]),
  );
}

function summarise(system: string, outcomes: readonly QuizOutcome[]): NewsQuizRow {
  const count = (test: (outcome: QuizOutcome) => boolean) => outcomes.filter(test).length;
  return {
    system,
    questions: outcomes.length,
    answered: count((o) => o.answered),
    quoted: count((o) => o.quoted),
    goldInTop5: count((o) => o.goldInTop5),
    goldInTop8: count((o) => o.goldInTop8),
    boilerplate: count((o) => o.boilerplate),
    misses: {
      refusedAnswerRetrieved: count((o) => !o.answered && o.goldInTop8),
      wrongSentence: count((o) => o.answered && !o.quoted && o.goldInTop8),
      notRetrieved: count((o) => !o.quoted && !o.goldInTop8),
    },
  };
}

async function runSplit(name: NewsQuizSplit["name"], years: number[], options: NewsQuizOptions): Promise<NewsQuizSplitRun | null> {
  const weeks = options.weeks.filter((week) => years.includes(week.year));
  if (weeks.length === 0) return null;
  const progress = (line: string) => options.progress(`news quiz ${name}: ${line}`);
  const { articles, quizPages } = corpusOf(weeks);
  const parsed = parseCorpus(articles);
  const { store, cached } = await openSplitIndex(name, parsed, options.cacheDir, options.progress);
  try {
    const questions = spreadQuestions(
      weeks.flatMap((week) => week.questions),
      options.limit,
    );
    const jobs = Math.min(options.jobs ?? 1, questions.length);
    progress(`asking ${questions.length} questions${jobs > 1 ? ` in ${jobs} processes` : ""}`);
    const pending = jobs > 1 ? await askInChildren(store.dir, questions, jobs, progress) : await askNewsdesk(store, questions, progress);

    progress("plain BM25");
    const bodies = new Map(parsed.map((article) => [article.id, article.text]));
    const answerPlain = createPlainBm25Answerer(parsed.map((article) => ({ id: article.id, text: `${article.title}\n\n${article.text}`, body: article.text })));
    const plainPending: PendingOutcome[] = questions.map((question) => {
      const answer = answerPlain(question.question, RECALL_DEPTH);
      const ranked = (answer?.ranked ?? []).map((id) => bodies.get(id)!);
      const body = answer ? bodies.get(answer.documentId)! : "";
      return {
        id: question.id,
        asOf: question.asOf,
        question: question.question,
        gold: question.gold,
        answered: answer !== null,
        quotes: answer ? [answer.sentence] : [],
        quoted: answer !== null && containsAnswer(answer.sentence, question.gold),
        goldInTop5: ranked.slice(0, 5).some((text) => containsAnswer(text, question.gold)),
        goldInTop8: ranked.some((text) => containsAnswer(text, question.gold)),
        paragraphs: answer ? [paragraphKey(paragraphAt(body, Math.max(body.indexOf(answer.sentence), 0)))] : [],
      };
    });

    const outcomes = settle({ [NEWSDESK_SYSTEM]: pending, [BASELINE_SYSTEM]: plainPending }, parsed);
    const stats = readStats(store);
    return {
      split: {
        name,
        years: [...new Set(weeks.map((week) => week.year))],
        weeks: weeks.length,
        articles: articles.length,
        quizPages,
        indexedArticles: stats.articles,
        chunks: stats.chunks,
        cachedIndex: cached,
        questions: questions.length,
        answerInOwnResults: countAnswerInOwnResults(weeks, questions),
        rows: Object.entries(outcomes).map(([system, list]) => summarise(system, list)),
      },
      outcomes,
    };
  } finally {
    closeStore(store);
  }
}

/** How many of the questions have their correct choice in their own search results, quiz pages left out. */
function countAnswerInOwnResults(weeks: readonly RealTimeQaWeek[], questions: readonly RealTimeQaQuestion[]): number {
  const quizPages = new Set(weeks.flatMap((week) => week.quizUrls.map(pageKey)));
  const resultsOf = new Map(weeks.flatMap((week) => [...week.resultsOf]));
  return questions.filter((question) =>
    (resultsOf.get(question.id) ?? []).some((article) => !quizPages.has(pageKey(article.url)) && containsAnswer(`${article.title}\n${article.text}`, question.gold)),
  ).length;
}

/** Both splits (those the weeks cover), each with its outcomes per question. */
export async function runNewsQuiz(options: NewsQuizOptions): Promise<NewsQuizSplitRun[]> {
  const runs: NewsQuizSplitRun[] = [];
  for (const [name, years] of [
    ["dev", DEV_YEARS],
    ["check", CHECK_YEARS],
  ] as const) {
    const run = await runSplit(name, years, options);
    if (run) runs.push(run);
  }
  return runs;
}

function percentOf(part: number, whole: number): string {
  return whole === 0 ? "—" : `${((100 * part) / whole).toFixed(1)}%`;
}

/** A row's measures as table cells: system, answer quoted, refused, accuracy when answering, recall@5, recall@8, boilerplate. */
export function newsQuizRowCells(row: NewsQuizRow): string[] {
  return [
    row.system,
    percentOf(row.quoted, row.questions),
    percentOf(row.questions - row.answered, row.questions),
    percentOf(row.quoted, row.answered),
    percentOf(row.goldInTop5, row.questions),
    percentOf(row.goldInTop8, row.questions),
    String(row.boilerplate),
  ];
}
