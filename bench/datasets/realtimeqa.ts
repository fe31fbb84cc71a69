/**
 * RealTimeQA (github realtimeqa/realtimeqa_public): weekly news quizzes with the articles a search returned for
 * each question that week. Only the quizzes of 2022–2024 are read; 2025 and later are held out to check the
 * answer stage on, so their files are never opened.
 */
import fs from "node:fs";
import path from "node:path";
import { normaliseIsoDate } from "../../src/articles/dates";
import { outletFromUrl } from "../../src/articles/outlet-names";
import { benchDataDir } from "./paths";

/** Quizzes on or after this day are held out: never read, never tuned on. */
export const HELD_OUT_FROM = "2025-01-01";
export const REALTIMEQA_YEARS = [2022, 2023, 2024] as const;

export interface RealTimeQaQuestion {
  id: string;
  /** The quiz date, `YYYY-MM-DD`: "this week" in the question means the week up to it. */
  asOf: string;
  question: string;
  choices: string[];
  /** The correct choice's text. */
  gold: string;
}

export interface RealTimeQaArticle {
  url: string;
  title: string;
  text: string;
  /** `YYYY-MM-DD`, or null when the search result had no (valid) date. */
  published: string | null;
  /** The outlet: its usual name when known ("CNN"), else the url's host without `www.`. */
  source: string;
}

/** One quiz: a `YYYYMMDD_qa.jsonl` file and its `YYYYMMDD_gcs.jsonl` search results. */
export interface RealTimeQaWeek {
  /** `YYYYMMDD`, from the file name. */
  id: string;
  year: number;
  questions: RealTimeQaQuestion[];
  /** Every search result of the week's questions, in file order (one url may recur). */
  articles: RealTimeQaArticle[];
  /** Each question's own search results, by question id. */
  resultsOf: Map<string, RealTimeQaArticle[]>;
  /** The pages the quiz was published on, which the search often returned too. */
  quizUrls: string[];
}

export interface RealTimeQaWeekFiles {
  id: string;
  year: number;
  qaFile: string;
  gcsFile: string;
}

/** Where the data is looked for: `REALTIMEQA_DIR`, else `realtimeqa` under the benchmark data (`BENCH_DATA_DIR` or `../shared/datasets`). */
export function realTimeQaDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.REALTIMEQA_DIR ? path.resolve(env.REALTIMEQA_DIR) : path.join(benchDataDir(env), "realtimeqa");
}

/** One line saying what is missing and how to provide it, or null when the quizzes are there. */
export function realTimeQaMissing(dir: string): string | null {
  const present = REALTIMEQA_YEARS.some((year) => fs.existsSync(path.join(dir, "past", String(year))));
  if (present) return null;
  return `RealTimeQA not found at ${dir}; put past/2022..2024 of github realtimeqa/realtimeqa_public there or set REALTIMEQA_DIR`;
}

const QA_FILE = /^(\d{4})(\d{2})(\d{2})_qa\.jsonl$/;

/**
 * The weekly quizzes of the given years that have their search results beside them, in date order. Other files
 * of the release (`_qa_nota`, `_dpr`, multi-week and per-outlet files) are not quizzes of one week and are left out.
 */
export function listRealTimeQaWeeks(dir: string, years: readonly number[] = REALTIMEQA_YEARS): { weeks: RealTimeQaWeekFiles[]; withoutArticles: string[] } {
  const heldOut = years.filter((year) => `${year}-01-01` >= HELD_OUT_FROM);
  if (heldOut.length > 0) throw new Error(`RealTimeQA ${heldOut.join(", ")}: quizzes from ${HELD_OUT_FROM} on are held out; use 2022, 2023 or 2024`);
  const weeks: RealTimeQaWeekFiles[] = [];
  const withoutArticles: string[] = [];
  for (const year of [...years].sort()) {
    const yearDir = path.join(dir, "past", String(year));
    if (!fs.existsSync(yearDir)) continue;
    for (const name of fs.readdirSync(yearDir).sort()) {
      const match = QA_FILE.exec(name);
      if (!match) continue;
      const [, y, m, d] = match;
      // A file misfiled under a year it does not belong to must not bring a held-out quiz in.
      if (Number(y) !== year || `${y}-${m}-${d}` >= HELD_OUT_FROM) continue;
      const id = `${y}${m}${d}`;
      const gcsFile = path.join(yearDir, `${id}_gcs.jsonl`);
      if (fs.existsSync(gcsFile)) weeks.push({ id, year, qaFile: path.join(yearDir, name), gcsFile });
      else withoutArticles.push(id);
    }
  }
  return { weeks, withoutArticles };
}

/** `count` weeks spread evenly over the list (first and last included), for quick runs; all when count ≥ length. */
export function spreadWeeks<T>(weeks: readonly T[], count: number): T[] {
  if (count >= weeks.length) return [...weeks];
  if (count <= 1) return weeks.slice(0, Math.max(count, 0));
  return Array.from({ length: count }, (_, i) => weeks[Math.round((i * (weeks.length - 1)) / (count - 1))]!);
}

function jsonLines(file: string): unknown[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new Error(`${file}: line ${index + 1} is not JSON (${error instanceof Error ? error.message : String(error)})`);
      }
    });
}

function dayOf(value: unknown): string | null {
  return typeof value === "string" ? normaliseIsoDate(value.trim().replace(/\//g, "-")) : null;
}

function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
}

/** Quiz dates further than this from the file's date are typos in the release (one 2024 quiz says 2023-09-29). */
const MAX_QUIZ_DATE_DRIFT_DAYS = 7;

function readQuestion(raw: unknown, week: string, file: string): RealTimeQaQuestion {
  const record = raw as Record<string, unknown>;
  const choices = record.choices;
  // Usually `["2"]`; a few quizzes write `"1"`.
  const answer = Number(Array.isArray(record.answer) ? record.answer[0] : record.answer);
  const question = record.question_sentence;
  if (typeof question !== "string" || !Array.isArray(choices) || !choices.every((choice) => typeof choice === "string")) {
    throw new Error(`${file}: question ${String(record.question_id)} lacks question_sentence or choices`);
  }
  const gold = choices[answer];
  if (gold === undefined) throw new Error(`${file}: question ${String(record.question_id)} has answer ${JSON.stringify(record.answer)} outside its choices`);
  const weekDay = `${week.slice(0, 4)}-${week.slice(4, 6)}-${week.slice(6)}`;
  const given = dayOf(record.question_date);
  const asOf = given && daysBetween(given, weekDay) <= MAX_QUIZ_DATE_DRIFT_DAYS ? given : weekDay;
  return { id: String(record.question_id), asOf, question, choices: choices as string[], gold };
}

function sourceOf(url: string): string {
  const known = outletFromUrl(url);
  if (known) return known;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, "");
  } catch {
    return "unknown";
  }
}

function readArticles(raw: unknown): RealTimeQaArticle[] {
  const results = (raw as { search_result?: unknown }).search_result;
  if (!Array.isArray(results)) return [];
  const articles: RealTimeQaArticle[] = [];
  for (const result of results as Record<string, unknown>[]) {
    const { url, title, text } = result;
    if (typeof url !== "string" || typeof title !== "string" || typeof text !== "string") continue;
    if (title.trim() === "" || text.trim() === "") continue;
    articles.push({ url, title, text, published: dayOf(result.publish_date), source: sourceOf(url) });
  }
  return articles;
}

/** Reads one week's questions and search results; questions dated on or after HELD_OUT_FROM are dropped. */
export function readRealTimeQaWeek(files: RealTimeQaWeekFiles): RealTimeQaWeek {
  const rawQuestions = jsonLines(files.qaFile);
  const questions = rawQuestions.map((raw) => readQuestion(raw, files.id, files.qaFile)).filter((question) => question.asOf < HELD_OUT_FROM);
  const quizUrls = [...new Set(rawQuestions.map((raw) => (raw as { question_url?: unknown }).question_url).filter((url): url is string => typeof url === "string"))];
  const results = jsonLines(files.gcsFile).map((raw) => [String((raw as { question_id?: unknown }).question_id), readArticles(raw)] as const);
  return { id: files.id, year: files.year, questions, articles: results.flatMap(([, articles]) => articles), resultsOf: new Map(results), quizUrls };
}

/** A url without scheme, `www.`/`edition.`, query, fragment and trailing slash: one page under its variants. */
export function pageKey(url: string): string {
  return url
    .replace(/^https?:\/\/(?:www\.|edition\.)?/i, "")
    .replace(/[?#].*$/, "")
    .replace(/\/+$/, "")
    .toLowerCase();
}

/**
 * The articles of the given weeks, one per url (its first occurrence), without the quiz pages themselves: a quiz
 * page holds the questions, and often the answers, of a quiz it was returned for.
 */
export function corpusOf(weeks: readonly RealTimeQaWeek[]): { articles: RealTimeQaArticle[]; quizPages: number } {
  const quizPages = new Set(weeks.flatMap((week) => week.quizUrls.map(pageKey)));
  const byUrl = new Map<string, RealTimeQaArticle>();
  const droppedQuizPages = new Set<string>();
  for (const week of weeks) {
    for (const article of week.articles) {
      if (quizPages.has(pageKey(article.url))) droppedQuizPages.add(pageKey(article.url));
      else if (!byUrl.has(article.url)) byUrl.set(article.url, article);
    }
  }
  return { articles: [...byUrl.values()], quizPages: droppedQuizPages.size };
}
