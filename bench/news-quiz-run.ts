/**
 * The news quiz alone, for iterating on the answer stage:
 *   npx tsx bench/news-quiz-run.ts [--years 2022,2023] [--weeks N] [--limit N] [--jobs N] [--json out.json] [--show-misses K]
 * `--weeks N` keeps N weeks spread over the years, `--limit N` asks N questions per split, `--jobs N` answers in
 * N processes (default: 2, or 1 on a single core); indexes are cached under bench/out/news-quiz, so a second run
 * only answers again.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { listRealTimeQaWeeks, readRealTimeQaWeek, realTimeQaDir, realTimeQaMissing, REALTIMEQA_YEARS, spreadWeeks } from "./datasets/realtimeqa";
import { DEFAULT_JOBS, NEWS_QUIZ_CACHE_DIR, NEWSDESK_SYSTEM, newsQuizRowCells, runNewsQuiz, type NewsQuizRow, type NewsQuizSplit, type QuizOutcome } from "./news-quiz";

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive whole number, got "${value}"`);
  return number;
}

function parseYears(value: string | undefined): number[] {
  if (value === undefined) return [...REALTIMEQA_YEARS];
  const years = value.split(",").map((year) => Number(year.trim()));
  const unknown = years.filter((year) => !(REALTIMEQA_YEARS as readonly number[]).includes(year));
  if (unknown.length > 0) throw new Error(`--years: ${unknown.join(", ")} not available; choose from ${REALTIMEQA_YEARS.join(", ")} (2025 on is held out)`);
  return years;
}

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

function rowCells(row: NewsQuizRow): string[] {
  return [...newsQuizRowCells(row), String(row.misses.refusedAnswerRetrieved), String(row.misses.wrongSentence), String(row.misses.notRetrieved)];
}

function describeSplit(split: NewsQuizSplit): string {
  return `${split.name} (${split.years.join(", ")}): ${split.questions} questions, ${split.weeks} weeks, ${split.articles} articles (${split.quizPages} quiz pages left out) → ${split.indexedArticles} indexed (${split.chunks} chunks${split.cachedIndex ? ", cached index" : ""}); correct choice in its own search results: ${split.answerInOwnResults}`;
}

function missCategory(outcome: QuizOutcome): string {
  if (!outcome.goldInTop8) return "answer not retrieved";
  return outcome.answered ? "wrong sentence quoted" : "refused though the answer was in the passages";
}

function describeMiss(outcome: QuizOutcome): string {
  const quotes = outcome.quotes.length ? outcome.quotes.map((quote) => `    > ${quote.length > 300 ? `${quote.slice(0, 300)}…` : quote}`).join("\n") : "    (refused)";
  return `- [${outcome.id}, as of ${outcome.asOf}] ${outcome.question}\n  gold: ${outcome.gold} — ${missCategory(outcome)}\n${quotes}`;
}

/** `count` misses spread over the split, so they are not all from one week. */
function spreadMisses(outcomes: readonly QuizOutcome[], count: number): QuizOutcome[] {
  const misses = outcomes.filter((outcome) => !outcome.quoted);
  if (count >= misses.length) return misses;
  return Array.from({ length: count }, (_, i) => misses[Math.floor((i * misses.length) / count)]!);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      years: { type: "string" },
      weeks: { type: "string" },
      limit: { type: "string" },
      jobs: { type: "string" },
      json: { type: "string" },
      "show-misses": { type: "string" },
    },
  });
  const years = parseYears(values.years);
  const weekCount = positiveInteger("weeks", values.weeks);
  const limit = positiveInteger("limit", values.limit);
  const jobs = positiveInteger("jobs", values.jobs) ?? DEFAULT_JOBS;
  const showMisses = positiveInteger("show-misses", values["show-misses"]) ?? 0;

  const dir = realTimeQaDir();
  const missing = realTimeQaMissing(dir);
  if (missing) {
    process.stdout.write(`news quiz: skipped — ${missing}\n`);
    return;
  }
  const started = performance.now();
  const listed = listRealTimeQaWeeks(dir, years);
  const chosen = weekCount === undefined ? listed.weeks : spreadWeeks(listed.weeks, weekCount);
  const weeks = chosen.map(readRealTimeQaWeek);
  const progress = (line: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${line}\n`);
  if (listed.withoutArticles.length) progress(`left out (no search results file): ${listed.withoutArticles.join(", ")}`);

  const runs = await runNewsQuiz({ weeks, cacheDir: NEWS_QUIZ_CACHE_DIR, limit, jobs, progress });
  const header = ["system", "answer quoted", "refused", "acc. when answering", "recall@5", "recall@8", "boilerplate", "refused, in passages", "wrong sentence", "not retrieved"];
  for (const { split, outcomes } of runs) {
    process.stdout.write(`\n${describeSplit(split)}\n${textTable(header, split.rows.map(rowCells))}\n`);
    if (showMisses > 0) {
      process.stdout.write(`\nnewsdesk misses (${split.name}):\n${spreadMisses(outcomes[NEWSDESK_SYSTEM]!, showMisses).map(describeMiss).join("\n")}\n`);
    }
  }
  process.stdout.write(
    "\nrecall@k: the gold choice in newsdesk's first k passages, in plain BM25's first k whole articles. The miss columns count questions without the gold choice quoted.\n",
  );
  if (values.json) {
    fs.writeFileSync(values.json, `${JSON.stringify(runs, null, 2)}\n`);
    process.stderr.write(`wrote ${path.resolve(values.json)}\n`);
  }
  progress("done");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    process.stderr.write(`news quiz: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
