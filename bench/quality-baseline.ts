/**
 * The quality floor: plain BM25 on TIME (article level) and on SQuADShifts new_wiki with XQuAD-en paragraphs as
 * distractors. Run with `npx tsx bench/quality-baseline.ts`; the figures also check that the loaders read the data
 * right (shared/README.md quotes recall@10 ≈ 0.72, MRR@10 ≈ 0.67 on TIME and recall@5 ≈ 0.91 on SQuADShifts).
 */
import { pathToFileURL } from "node:url";
import { createPlainBm25, type PlainBm25Document } from "./baselines/plain-bm25";
import { datasetPaths, missingDatasetLine } from "./datasets/paths";
import { loadSquadPassages, mixInDistractors, type SquadPassages } from "./datasets/squad";
import { loadTimeCollection, type TimeCollection } from "./datasets/time";
import { mean, mrrAtK, ndcgAtK, recallAtK } from "./metrics";

export interface JudgedQuery {
  text: string;
  relevant: ReadonlySet<string>;
}

export interface RankingQuality {
  queries: number;
  recallAt1: number;
  recallAt5: number;
  recallAt10: number;
  mrrAt10: number;
  ndcgAt10: number;
}

/** Mean ranking metrics of plain BM25 over `docs` for the judged queries. */
export function measurePlainBm25(
  docs: readonly PlainBm25Document[],
  queries: readonly JudgedQuery[],
  stopWords?: ReadonlySet<string>,
): RankingQuality {
  const index = createPlainBm25(docs, { stopWords });
  return rankingQuality(
    queries.map((query) => ({
      ranked: index.search(query.text, 10).map((hit) => hit.id),
      relevant: query.relevant,
    })),
  );
}

/** Mean ranking metrics over queries, from the ids a system ranked for each (best first) and the judged ones. */
export function rankingQuality(rankings: readonly { ranked: readonly string[]; relevant: ReadonlySet<string> }[]): RankingQuality {
  const meanOf = (metric: (ranked: readonly string[], relevant: ReadonlySet<string>) => number) =>
    mean(rankings.map(({ ranked, relevant }) => metric(ranked, relevant)));
  return {
    queries: rankings.length,
    recallAt1: meanOf((ranked, relevant) => recallAtK(ranked, relevant, 1)),
    recallAt5: meanOf((ranked, relevant) => recallAtK(ranked, relevant, 5)),
    recallAt10: meanOf((ranked, relevant) => recallAtK(ranked, relevant, 10)),
    mrrAt10: meanOf((ranked, relevant) => mrrAtK(ranked, relevant, 10)),
    ndcgAt10: meanOf((ranked, relevant) => ndcgAtK(ranked, relevant, 10)),
  };
}

/** TIME queries that have relevance judgments (82 of 83), against whole articles. */
export function timeJudgedQueries(collection: TimeCollection): JudgedQuery[] {
  return collection.queries.flatMap((query) => {
    const relevant = collection.relevant.get(query.id);
    return relevant ? [{ text: query.text, relevant }] : [];
  });
}

/** Each question's gold passage is the paragraph it was written on. */
export function squadJudgedQueries(pool: SquadPassages): JudgedQuery[] {
  return pool.questions.map((question) => ({ text: question.question, relevant: new Set([question.passageId]) }));
}

function timed<T>(load: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = load();
  return { value, ms: performance.now() - start };
}

function formatQuality(label: string, quality: RankingQuality, metrics: (keyof RankingQuality)[]): string {
  const figures = metrics.map((metric) => `${metric} ${quality[metric].toFixed(3)}`).join("  ");
  return `${label.padEnd(34)} ${figures}  (${quality.queries} queries)`;
}

function main(): void {
  const datasets = datasetPaths();
  const missing = missingDatasetLine(datasets);
  if (missing) {
    process.stderr.write(`${missing}\n`);
    process.exit(1);
  }
  const time = timed(() => loadTimeCollection(datasets.timeDir));
  const collection = time.value;
  console.log(`TIME: ${collection.documents.length} articles, ${collection.queries.length} queries, loaded in ${time.ms.toFixed(0)} ms`);
  const timeQueries = timeJudgedQueries(collection);
  const timeMetrics: (keyof RankingQuality)[] = ["recallAt10", "mrrAt10", "ndcgAt10"];
  console.log(formatQuality("  plain BM25", measurePlainBm25(collection.documents, timeQueries), timeMetrics));
  console.log(
    formatQuality(
      "  plain BM25 + TIME.STP stop words",
      measurePlainBm25(collection.documents, timeQueries, collection.stopWords),
      timeMetrics,
    ),
  );

  const squad = timed(() => mixInDistractors(loadSquadPassages(datasets.squadShiftsNewWikiFile), loadSquadPassages(datasets.xquadEnFile), "xquad:"));
  const pool = squad.value;
  console.log(
    `SQuADShifts new_wiki + XQuAD-en distractors: ${pool.passages.length} passages, ${pool.questions.length} questions, loaded in ${squad.ms.toFixed(0)} ms`,
  );
  console.log(
    formatQuality("  plain BM25", measurePlainBm25(pool.passages, squadJudgedQueries(pool)), [
      "recallAt1",
      "recallAt5",
      "recallAt10",
      "mrrAt10",
    ]),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();
