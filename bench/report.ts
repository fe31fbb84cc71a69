/** BENCHMARKS.md and its chart, written from the results alone: every figure on the page is in results.json. */
import { DEFAULT_WEIGHTS } from "../src/retrieval";
import type { DiscordLoad } from "./discord-path";
import { renderLogLogChart, type ChartSeries } from "./latency-chart";
import { median, type Summary } from "./metrics";
import { newsQuizRowCells, type NewsQuizResult } from "./news-quiz";
import type { AnswerRow, DatasetQuality, QualityRow } from "./quality";
import type { RankingQuality } from "./quality-baseline";
import type { BenchResults, SectionRun } from "./results";
import type { ScaleSizeResult } from "./scale";
import type { SmallIndexesResult } from "./small-indexes";
import type { WrittenQuestionsResult } from "./written-questions";

/** The issue's targets. */
const TARGETS = {
  /** "Clearly ahead" of plain BM25: at least this much better on every metric of a set. */
  qualityMargin: 0.01,
  pipelineShareOfRaw: 0.8,
  askP95Ms: [
    { chunks: 100_000, ms: 100 },
    { chunks: 1_000_000, ms: 250 },
  ],
  hnswRecall: 0.98,
  interactionWindowMs: 3_000,
  /** Share of news-quiz questions newsdesk must answer with the correct choice quoted. */
  newsQuizQuoted: 0.45,
  /** Share of off-topic SQuAD questions newsdesk may answer while at or above plain BM25's answer accuracy. */
  offTopicAnswered: 0.05,
  fullMinutes: 30,
  smokeMinutes: 1,
};

type Measured = Extract<ScaleSizeResult, { measured: unknown }>;
type MetricKey = Exclude<keyof RankingQuality, "queries">;

const TIME_METRICS: MetricKey[] = ["recallAt10", "mrrAt10", "ndcgAt10"];
const SQUAD_METRICS: MetricKey[] = ["recallAt1", "recallAt5", "recallAt10", "mrrAt10"];
const METRIC_NAMES: Record<MetricKey, string> = {
  recallAt1: "R@1",
  recallAt5: "R@5",
  recallAt10: "R@10",
  mrrAt10: "MRR@10",
  ndcgAt10: "nDCG@10",
};

function fixed3(value: number): string {
  return value.toFixed(3);
}

function signed(value: number, digits = 3): string {
  const text = Math.abs(value).toFixed(digits);
  return Number(text) === 0 ? `±${text}` : value > 0 ? `+${text}` : `−${text}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "—" : `${((100 * part) / whole).toFixed(1)}%`;
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

function count(value: number): string {
  return value >= 1_000_000 && value % 1_000_000 === 0 ? `${value / 1_000_000}M` : value >= 1000 && value % 1000 === 0 ? `${value / 1000}k` : value.toLocaleString("en");
}

function bytes(value: number): string {
  return value >= 1024 ** 3 ? `${(value / 1024 ** 3).toFixed(2)} GB` : `${(value / 1024 ** 2).toFixed(0)} MB`;
}

function rate(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** The median of several runs, with their range when there was more than one. */
function spread(values: readonly number[], format: (value: number) => string): string {
  if (values.length === 1) return format(values[0]!);
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

function plural(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? "" : noun.endsWith("z") ? "zes" : "s"}`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function verdict(met: boolean | null): string {
  return met === null ? "not measured" : met ? "**met**" : "**not met**";
}

function referenceRow(dataset: DatasetQuality): QualityRow {
  return dataset.rows.find((row) => row.system === dataset.reference)!;
}

function qualityTable(dataset: DatasetQuality, metrics: MetricKey[]): string {
  const reference = referenceRow(dataset).quality!;
  const rows = dataset.rows.map((row) => {
    const label = row.system === dataset.reference ? `${row.system} — reference` : row.system;
    if (!row.quality) return [label, row.vectorSearch ?? "—", ...metrics.map(() => "—"), ...metrics.map(() => "—"), row.note ?? ""];
    return [
      label,
      row.vectorSearch ?? "—",
      ...metrics.map((metric) => fixed3(row.quality![metric])),
      ...metrics.map((metric) => (row.system === dataset.reference ? "" : signed(row.quality![metric] - reference[metric]))),
      row.note ?? "",
    ];
  });
  return table(["system", "vector search", ...metrics.map((m) => METRIC_NAMES[m]), ...metrics.map((m) => `Δ${METRIC_NAMES[m]}`), "note"], rows);
}

/** The newsdesk rows a quality target is judged on: keyword-only (runs anywhere) and hybrid with a real model. */
function judgedRows(dataset: DatasetQuality): QualityRow[] {
  return dataset.rows.filter(
    (row) => row.system === "newsdesk keyword-only" || (row.model === "real" && row.system.startsWith("newsdesk hybrid") && row.vectorSearch !== "exact"),
  );
}

function qualityTargetRows(dataset: DatasetQuality, metrics: MetricKey[]): string[][] {
  const reference = referenceRow(dataset).quality!;
  return judgedRows(dataset).map((row) => {
    const target = `${dataset.name}: ${row.system} ahead of plain BM25 by ≥ ${TARGETS.qualityMargin} on ${metrics.map((m) => METRIC_NAMES[m]).join(", ")}`;
    if (!row.quality) return [target, row.note ?? "not run", verdict(null)];
    const deltas = metrics.map((metric) => row.quality![metric] - reference[metric]);
    const measured = metrics.map((metric, i) => `${METRIC_NAMES[metric]} ${signed(deltas[i]!)}`).join(", ");
    return [target, measured, verdict(deltas.every((delta) => delta >= TARGETS.qualityMargin))];
  });
}

function measuredSizes(results: BenchResults): Measured[] {
  return results.scale.sizes.filter((size): size is Measured => "measured" in size);
}

/** The sizes measured with vectors: the ones with HNSW, exact-scan and recall figures. */
function sizesWithVectors(results: BenchResults): Measured[] {
  return measuredSizes(results).filter((size) => size.measured.vectors);
}

/** "100k", or "1M keyword-only" for an index without vectors. */
function sizeLabel(size: { chunks: number; vectors: boolean }): string {
  return `${count(size.chunks)}${size.vectors ? "" : " keyword-only"}`;
}

function p95s(summaries: readonly Summary[]): number[] {
  return summaries.map((summary) => summary.p95);
}

/** SQuAD answers: keyword-only newsdesk at or above plain BM25's top sentence, answering few off-topic questions. */
function answerTargetRow(results: BenchResults): string[] {
  const { rows, offTopic } = results.quality.answers;
  const baseline = rows[0]!;
  const newsdesk = rows.find((row) => row.system === "newsdesk ask, keyword-only")!;
  const offTopicShare = offTopic.answered / offTopic.questions;
  return [
    `SQuAD answers: newsdesk keyword-only at or above plain BM25's top sentence, off-topic questions answered ≤ ${TARGETS.offTopicAnswered * 100}%`,
    `${percent(newsdesk.correct, newsdesk.questions)} vs ${percent(baseline.correct, baseline.questions)}; off topic ${percent(offTopic.answered, offTopic.questions)}`,
    verdict(newsdesk.correct / newsdesk.questions >= baseline.correct / baseline.questions && offTopicShare <= TARGETS.offTopicAnswered),
  ];
}

function targetsSection(results: BenchResults): string {
  const rows: string[][] = [
    ...qualityTargetRows(results.quality.time, TIME_METRICS),
    ...qualityTargetRows(results.quality.squad, SQUAD_METRICS),
    answerTargetRow(results),
  ];
  for (const model of results.ingestion.models) {
    const share = median(model.rawSeconds) / median(model.pipelineSeconds);
    rows.push([`ingestion with the ${model.model} ≥ ${TARGETS.pipelineShareOfRaw * 100}% of the raw embedder`, `${(share * 100).toFixed(0)}%`, verdict(share >= TARGETS.pipelineShareOfRaw)]);
  }
  if (results.ingestion.realModelNote) rows.push(["ingestion with a real model ≥ 80% of the raw embedder", results.ingestion.realModelNote, verdict(null)]);
  for (const target of TARGETS.askP95Ms) {
    const atSize = results.scale.sizes.filter((candidate) => candidate.chunks === target.chunks);
    const size = atSize.find((candidate) => candidate.vectors);
    const keywordOnly = atSize.find((candidate): candidate is Measured => !candidate.vectors && "measured" in candidate);
    const label = `ask p95 < ${target.ms} ms at ${count(target.chunks)} chunks`;
    // The keyword side alone is the part that grows with the corpus: a miss says by how much, and what it takes.
    const askCell = (measured: Measured["measured"]) => {
      const p95 = median(p95s(measured.latency.ask.hnsw));
      const keywordP95 = median(p95s(measured.latency.keyword));
      return { p95, text: `${ms(p95)} ms${p95 < target.ms ? "" : ` (${ms(p95 - target.ms)} ms over; the keyword side alone: p95 ${ms(keywordP95)} ms)`}` };
    };
    if (size && "measured" in size) {
      const { p95, text } = askCell(size.measured);
      rows.push([label, text, verdict(p95 < target.ms)]);
    } else {
      const why = size && "skipped" in size ? `with vectors skipped: ${size.skipped}` : "not in this run with vectors";
      // Not a bound either way: keyword-only, an ask skips the vector search but its clean-up may read more candidates.
      const withoutVectors = keywordOnly && askCell(keywordOnly.measured);
      rows.push([label, withoutVectors ? `${why}; on the keyword-only index: ${withoutVectors.text}` : why, verdict(null)]);
    }
  }
  for (const size of sizesWithVectors(results)) {
    const recall = size.measured.recall!;
    const point = recall.points.find((candidate) => candidate.ef === recall.defaultEf)!;
    rows.push([
      `HNSW recall@10 vs exact ≥ ${TARGETS.hnswRecall} at the chosen ef (${point.ef}), ${count(size.chunks)} random vectors`,
      fixed3(point.recallAt10),
      verdict(point.recallAt10 >= TARGETS.hnswRecall),
    ]);
  }
  const text = results.quality.hnswRecallOnText;
  const textPoint = text.points.find((point) => point.ef === text.defaultEf)!;
  rows.push([
    `HNSW recall@10 vs exact ≥ ${TARGETS.hnswRecall} at the chosen ef (${textPoint.ef}), ${count(text.chunks)} text chunks (tiny model vectors)`,
    fixed3(textPoint.recallAt10),
    verdict(textPoint.recallAt10 >= TARGETS.hnswRecall),
  ]);
  rows.push(...newsQuizTargetRows(results.newsQuiz));
  const loads = [results.discord.sequential, results.discord.concurrent];
  const worstAck = Math.max(...loads.map((load) => load.ack?.max ?? Infinity));
  const failed = loads.reduce((sum, load) => sum + load.failed, 0);
  rows.push([
    `Discord: every /ask acknowledged inside ${TARGETS.interactionWindowMs / 1000} s, ${results.discord.concurrent.burstSize} concurrent included`,
    `worst acknowledgement ${ms(worstAck)} ms, ${failed} failed`,
    verdict(failed === 0 && worstAck < TARGETS.interactionWindowMs),
  ]);
  const limitMinutes = results.profile === "full" ? TARGETS.fullMinutes : TARGETS.smokeMinutes;
  rows.push([`the whole ${results.profile} run under ${limitMinutes} min`, `${(results.durationSeconds / 60).toFixed(1)} min`, verdict(results.durationSeconds < limitMinutes * 60)]);
  return table(["target", "measured", "verdict"], rows);
}

const NEWS_QUIZ_NEWSDESK = "newsdesk ask, keyword-only";

function newsQuizTargetRows(newsQuiz: NewsQuizResult): string[][] {
  const quotedTarget = `news quiz: newsdesk quotes the correct choice for ≥ ${TARGETS.newsQuizQuoted * 100}% of questions`;
  const boilerplateTarget = "news quiz: no newsdesk answer quoted from boilerplate";
  if ("skipped" in newsQuiz) return [quotedTarget, boilerplateTarget].map((target) => [target, `skipped: ${newsQuiz.skipped}`, verdict(null)]);
  return newsQuiz.splits.flatMap((split) => {
    const row = split.rows.find((candidate) => candidate.system === NEWS_QUIZ_NEWSDESK)!;
    return [
      [`${quotedTarget} (${split.name})`, percent(row.quoted, row.questions), verdict(row.quoted >= TARGETS.newsQuizQuoted * row.questions)],
      [`${boilerplateTarget} (${split.name})`, `${row.boilerplate} of ${row.answered} answers`, verdict(row.boilerplate === 0)],
    ];
  });
}

function newsQuizSection(results: BenchResults): string {
  const { newsQuiz } = results;
  if ("skipped" in newsQuiz) return `News quiz: skipped — ${newsQuiz.skipped}.`;
  const tables = newsQuiz.splits.map((split) => {
    const rows = split.rows.map((row) => [
      ...newsQuizRowCells(row),
      `${row.misses.refusedAnswerRetrieved} / ${row.misses.wrongSentence} / ${row.misses.notRetrieved}`,
    ]);
    return [
      `**${split.name}** (${split.years.join(", ")}): ${plural(split.questions, "question")} of ${plural(split.weeks, "weekly quiz")}; ${plural(split.articles, "article")} (${split.indexedArticles} after syndicated copies merge, ${plural(split.chunks, "chunk")}; ${plural(split.quizPages, "quiz page")} the search returned left out, as they hold the questions). The correct choice appears in the question's own search results for ${percent(split.answerInOwnResults, split.questions)} of them: a rough ceiling, as other articles of the split mention it too, mostly in passing.`,
      "",
      table(["system", "answer quoted", "refused", "accuracy when answering", "recall@5", "recall@8", "answers from boilerplate", "misses: refused though retrieved / wrong sentence / not retrieved"], rows),
    ].join("\n");
  });
  return [
    "RealTimeQA's weekly news quizzes (github realtimeqa/realtimeqa_public, quizzes of 2022–2024 only; 2025 on is held out), asked of an index of the articles the dataset's search returned that week, ingested as `ingest` reads a `.jsonl` (url, title, text, published date, outlet). newsdesk answers each question as of its quiz date (so \"this week\" is that week), keyword-only. A question counts as answered right when a quoted sentence contains the correct choice (case, accents, punctuation and spacing ignored; matched from the start of a word, whole numbers only). Recall@k: the correct choice is in newsdesk's first k passages, or in plain BM25's first k whole articles. Boilerplate: a quote from a paragraph its outlet prints under three or more differently titled articles (copies of one whole text count once, as newsdesk stores them). `dev` is for studying failures; `check` only for measuring. `npx tsx bench/news-quiz-run.ts --show-misses 20` runs this section alone.",
    "",
    ...tables.flatMap((text) => [text, ""]),
  ]
    .join("\n")
    .trimEnd();
}

function sweepSection(results: BenchResults): string {
  return results.quality.weightSweep
    .map(({ model, points }) => {
      const rows = points.map((point) => [
        `${point.weights.dense}${point.isDefault ? " (default)" : ""}`,
        fixed3(point.time.ndcgAt10),
        fixed3(point.time.mrrAt10),
        fixed3(point.time.recallAt10),
        fixed3(point.squad.recallAt1),
        fixed3(point.squad.recallAt5),
        fixed3(point.squad.mrrAt10),
      ]);
      return `With the ${model} (keyword weight ${DEFAULT_WEIGHTS.keyword}, RRF k ${DEFAULT_WEIGHTS.k}, HNSW):\n\n${table(
        ["dense weight", "TIME nDCG@10", "TIME MRR@10", "TIME R@10", "SQuAD R@1", "SQuAD R@5", "SQuAD MRR@10"],
        rows,
      )}`;
    })
    .join("\n\n");
}

function answersSection(results: BenchResults): string {
  const { answers } = results.quality;
  const baseline = answers.rows[0]!;
  const rows = answers.rows.map((row: AnswerRow) => {
    if (row.note) return [row.system, "—", "—", "—", "—", "—", row.note];
    return [
      row.system,
      percent(row.correct, row.questions),
      row === baseline ? "" : signed((100 * (row.correct - baseline.correct)) / row.questions, 1) + " pt",
      percent(row.questions - row.answered, row.questions),
      percent(row.correct, row.answered),
      percent(row.citesGoldPassage, row.questions),
      "",
    ];
  });
  return [
    `${answers.questions} SQuADShifts new_wiki questions sampled with seed ${answers.seed}, over the same pool of passages. A question counts as answered correctly when one quoted sentence contains one of its gold answer strings (case and spacing ignored).`,
    "",
    table(["system", "accuracy", "Δ vs baseline", "refusal rate", "accuracy when answering", "cites the gold passage", "note"], rows),
    "",
    `${answers.withDateWindow} of the ${answers.questions} questions contain a date phrase ("in 1990") that newsdesk turns into a date filter; the passages carry no dates, so nothing passes it: a bare year is asked again as a word and answered when a quote names it, the others are refused.`,
    "",
    `Off topic: ${answers.offTopic.questions} questions about ${answers.offTopic.articles} Wikipedia articles left out of a second, keyword-only index of the same pool; newsdesk answered ${percent(answers.offTopic.answered, answers.offTopic.questions)} of them (target ≤ 5%).`,
    "",
    writtenQuestionsLine(answers.written),
    "",
    smallIndexesLine(answers.smallIndexes),
  ].join("\n");
}

function smallIndexesLine(small: SmallIndexesResult): string {
  return (
    `Small indexes, as a newcomer's first: ${small.indexes} keyword-only indexes of ${small.paragraphsPerIndex} paragraphs, each from a different Wikipedia article of the pool, ` +
    `asked ${small.answerable} questions of the paragraphs they hold and ${small.nearMisses} near misses (a question of another paragraph of the same article, whose answer the index does not hold). ` +
    `newsdesk quoted the answer for ${percent(small.answeredRight, small.answerable)} of the first (${percent(small.answered, small.answerable)} answered) ` +
    `and answered ${percent(small.nearMissesAnswered, small.nearMisses)} of the near misses.`
  );
}

function writtenQuestionsLine(written: WrittenQuestionsResult): string {
  return (
    `Questions of our own: ${written.answerable} answerable questions over ${written.articles} local-news articles written for this benchmark (\`bench/written\`), most in other words than the text, ` +
    `and ${written.unanswerable} that no article answers (about the same people and places, or about something else), keyword-only, each as of its own day. ` +
    `newsdesk quoted the answer for ${percent(written.answeredRight, written.answerable)} of the answerable ones (${percent(written.answered, written.answerable)} answered) ` +
    `and answered ${percent(written.unanswerableAnswered, written.unanswerable)} of the others.`
  );
}

function ingestionSection(results: BenchResults): string {
  const { ingestion } = results;
  const perSecond = (amount: number, runs: readonly number[]) =>
    spread(
      runs.map((seconds) => amount / seconds),
      rate,
    );
  const seconds = (runs: readonly number[]) => spread(runs, (value) => value.toFixed(2));
  const rows: string[][] = [
    ["keyword-only", perSecond(ingestion.articles, ingestion.keywordOnlySeconds), perSecond(ingestion.chunks, ingestion.keywordOnlySeconds), seconds(ingestion.keywordOnlySeconds), "—", "—"],
  ];
  for (const model of ingestion.models) {
    const share = median(model.rawSeconds) / median(model.pipelineSeconds);
    rows.push([
      `with the ${model.model}`,
      perSecond(ingestion.articles, model.pipelineSeconds),
      perSecond(ingestion.chunks, model.pipelineSeconds),
      seconds(model.pipelineSeconds),
      perSecond(ingestion.chunks, model.rawSeconds),
      `${(share * 100).toFixed(0)}%`,
    ]);
  }
  if (ingestion.realModelNote) rows.push(["with a real model", "—", "—", "—", "—", ingestion.realModelNote]);
  const keywordOnlyMs = (median(ingestion.keywordOnlySeconds) / ingestion.chunks) * 1000;
  const overheads = ingestion.models.map((model) => {
    const overheadMs = ((median(model.pipelineSeconds) - median(model.rawSeconds)) / ingestion.chunks) * 1000;
    return overheadMs > 0
      ? `with the ${model.model}, the pipeline spends ${ms(overheadMs)} ms per chunk beyond the embedder itself`
      : `with the ${model.model}, the pipeline was no slower than the embedder alone (the overhead is below the run-to-run noise)`;
  });
  return [
    `${ingestion.articles} Reuters articles (${ingestion.chunks} chunks), one .json file each, through \`ingestPaths\` into an empty index: read, parse, chunk, embed, store (SQLite, FTS5, HNSW). ${plural(results.settings.ingestionRuns, "run")}, modes interleaved; median (min–max). "Raw embedder" is \`embedder.embed\` alone on exactly the texts the pipeline embedded.`,
    "",
    table(["mode", "articles/s", "chunks/s", "seconds", "raw embedder chunks/s", "pipeline / raw"], rows),
    "",
    `Overhead: ${overheads.join("; ")}; keyword-only ingestion costs ${ms(keywordOnlyMs)} ms per chunk in all. That overhead does not grow with the model, so the ratio rises with a slower (real) model.`,
  ].join("\n");
}

function latencyCells(summaries: readonly Summary[]): string[] {
  return [
    spread(summaries.map((summary) => summary.median), ms),
    spread(p95s(summaries), ms),
    ms(median(summaries.map((summary) => summary.p99))),
  ];
}

function latencySection(results: BenchResults, chartFile: string): string {
  const rows: string[][] = [];
  for (const size of measuredSizes(results)) {
    const { latency } = size.measured;
    const queries = (side: "hnsw" | "exact") => `${latency.search[side].length} × ${latency.search[side][0]!.n}`;
    const label = sizeLabel({ chunks: size.chunks, vectors: size.measured.vectors });
    if (size.measured.vectors) {
      for (const [operation, runs] of [
        [`search (top ${results.scale.searchLimit})`, latency.search],
        ["ask", latency.ask],
        ["nearest 100 vectors alone", latency.vectors],
      ] as const) {
        rows.push([label, operation, ...latencyCells(runs.hnsw), ...latencyCells(runs.exact), `${queries("hnsw")} / ${queries("exact")}`]);
      }
    } else {
      for (const [operation, runs] of [
        [`search (top ${results.scale.searchLimit})`, latency.search],
        ["ask", latency.ask],
      ] as const) {
        rows.push([label, operation, ...latencyCells(runs.hnsw), "(no vectors: keyword-only index)", "", "", queries("hnsw")]);
      }
    }
    rows.push([label, "keyword side alone (FTS5, top 100)", ...latencyCells(latency.keyword), "(no vectors involved)", "", "", queries("hnsw")]);
  }
  const skipped = results.scale.sizes.filter((size): size is Extract<ScaleSizeResult, { skipped: string }> => "skipped" in size);
  const measured = results.scale.measured;
  const when = measured ? ` Measured ${measured.date.slice(0, 16).replace("T", " ")} UTC at ${measured.commit}, 1-minute load average ${measured.loadAverage} when the section started.` : "";
  return [
    `Synthetic corpora: Reuters-21578 stories repeated with perturbations (15% of words swapped for corpus words, digits redrawn, dates moved) and chunked by newsdesk's chunker; every chunk carries a random unit vector of dimension 384 (see the build below). Queries are Reuters headlines, a different sample in every run; the query vector is a random unit vector too (the model's cost is in the ingestion section). The exact-scan columns run the very same \`search\`/\`ask\` code with the HNSW replaced by a brute-force cosine scan over the same vectors; it costs a full scan a query, so the large sizes ask it fewer questions (a sample: see the last column). Milliseconds: median over runs (min–max of the runs); p99 is the median of the runs' p99.${when}`,
    "",
    table(["chunks", "operation", "newsdesk p50", "newsdesk p95", "newsdesk p99", "exact p50", "exact p95", "exact p99", "queries: runs × n (HNSW / exact)"], rows),
    "",
    `![Query latency against corpus size, newsdesk (HNSW) against the exact scan](${chartFile})`,
    ...(skipped.length ? ["", ...skipped.map((size) => `- ${sizeLabel(size)} chunks: skipped, ${size.skipped}.`)] : []),
  ].join("\n");
}

function recallSection(results: BenchResults): string {
  const rows = sizesWithVectors(results).flatMap((size) => {
    const recall = size.measured.recall!;
    return recall.points.map((point) => [
      count(size.chunks),
      `${point.ef}${point.ef === recall.defaultEf ? " (newsdesk's ef)" : ""}`,
      fixed3(point.recallAt10),
      ms(point.medianMs),
      String(recall.queries),
    ]);
  });
  const text = results.quality.hnswRecallOnText;
  return [
    "Random query vectors against random corpus vectors: every pair is nearly orthogonal, so the true nearest neighbours are barely nearer than the rest. This is the hardest case for HNSW, and not what sentence embeddings look like; the figure on real text follows the table.",
    "",
    table(["chunks", "ef", "recall@10", "median ms per query", "queries"], rows),
    "",
    `On text: the SQuAD pool's ${text.chunks} chunks embedded with the tiny model, ${text.queries} of its questions as queries (a small index: indicative only).`,
    "",
    table(
      ["ef", "recall@10"],
      text.points.map((point) => [`${point.ef}${point.ef === text.defaultEf ? " (newsdesk's ef)" : ""}`, fixed3(point.recallAt10)]),
    ),
  ].join("\n");
}

function buildCell(measured: Measured["measured"]): string {
  const { textSeconds, vectorSeconds, cached } = measured.build;
  const total = textSeconds + vectorSeconds;
  const parts = measured.vectors ? ` (text ${textSeconds.toFixed(1)} s, vectors ${vectorSeconds.toFixed(1)} s)` : " (text only)";
  return `${total.toFixed(1)} s, ${rate(measured.chunks / total)} chunks/s${parts}${cached ? ", by an earlier run" : ""}`;
}

function resourcesSection(results: BenchResults): string {
  const sizes = measuredSizes(results);
  const servingRss = (size: Measured) => median(size.startup.map((run) => run.servingPeakRssBytes));
  const rows = sizes.map((size, i) => {
    const { measured } = size;
    const previous = sizes.slice(0, i).findLast((candidate) => candidate.measured.vectors === measured.vectors);
    // A process holds a fixed amount with an empty index; what 100k more chunks cost is the slope between sizes.
    const marginal = previous ? ((servingRss(size) - servingRss(previous)) / (measured.chunks - previous.measured.chunks)) * 100_000 : null;
    return [
      sizeLabel({ chunks: size.chunks, vectors: measured.vectors }),
      buildCell(measured),
      bytes(measured.build.peakRssBytes),
      bytes(measured.peakRssBytes),
      spread(
        size.startup.map((run) => run.servingPeakRssBytes),
        bytes,
      ),
      marginal === null ? "—" : bytes(marginal),
      `${bytes(measured.disk.totalBytes)} (db ${bytes(measured.disk.databaseBytes)}, ${measured.vectors ? `HNSW ${bytes(measured.disk.vectorIndexBytes)}` : "no vectors"})`,
      bytes((measured.disk.totalBytes * 100_000) / measured.chunks),
      spread(
        size.startup.map((run) => run.openStoreMs),
        ms,
      ),
      spread(
        size.startup.map((run) => run.readyMs),
        ms,
      ),
    ];
  });
  return [
    `Build: the text through \`writeArticle\` in transactions of 1,000 articles, then the vectors through \`storeChunkVectors\` (SQLite and the HNSW, M 16, efConstruction 200) in batches of 20,000, into an HNSW made at its final capacity and saved once. A corpus is built once per size, seed and schema and kept in \`bench/out/\` (checked against the SHA-256 of its files before it is reused); its build figures are those of the run that built it. Peak RSS measuring holds the index, the exact scan's copy of the vectors (the baseline's, not newsdesk's) and the queries. Serving: a fresh process opens the index, answers a first question (ready to answer), then runs a search and an ask per probe question; ${plural(results.settings.scale.startupRuns, "probe run")} per size, median (min–max), with a warm OS page cache. Serving RSS per 100k chunks is the growth from the previous size of the same kind (with vectors or keyword-only), scaled to 100k chunks.`,
    "",
    table(["chunks", "build", "peak RSS building", "peak RSS measuring", "peak RSS serving", "serving RSS per 100k chunks", "on disk", "disk per 100k chunks", "openStore ms", "ready to answer ms"], rows),
  ].join("\n");
}

function incrementalWriteSection(results: BenchResults): string {
  const rows = measuredSizes(results).map((size) => {
    const { keywordOnly, withVectors } = size.measured.incrementalWrite;
    const vectorCells = withVectors ? [String(withVectors.n), ms(withVectors.median), ms(withVectors.p95)] : ["—", "—", "—"];
    return [sizeLabel({ chunks: size.chunks, vectors: size.measured.vectors }), String(keywordOnly.n), ms(keywordOnly.median), ms(keywordOnly.p95), ...vectorCells];
  });
  return [
    "What `ingest` pays per new article once the index is this big: one synthetic article per `writeArticle` call and transaction, alternately without and with its vectors (random, so no model time). Milliseconds.",
    "",
    table(["chunks", "articles keyword-only", "p50", "p95", "articles with vectors", "p50", "p95"], rows),
  ].join("\n");
}

function discordRow(label: string, load: DiscordLoad): string[] {
  if (!load.ack || !load.final) return [label, String(load.interactions), "—", "—", "—", "—", "—", "—", String(load.deferred), String(load.failed)];
  return [label, String(load.interactions), ms(load.ack.median), ms(load.ack.p95), ms(load.ack.max), ms(load.final.median), ms(load.final.p95), ms(load.final.max), String(load.deferred), String(load.failed)];
}

function discordSection(results: BenchResults): string {
  const { discord } = results;
  return [
    `The real bot (\`src/main.ts\` with DISCORD_TOKEN set, in its own process, tiny model loaded, the ingestion section's ${results.ingestion.articles} Reuters articles) against the loopback fake Discord in the benchmark process. Time from dispatching INTERACTION_CREATE to the interaction callback (first acknowledgement) and to the final answer (the same callback for a direct reply; the edit of the original message after a deferReply). Milliseconds, measured on the fake's clock (1 ms resolution).`,
    "",
    table(
      ["load", "interactions", "ack p50", "ack p95", "ack max", "final p50", "final p95", "final max", "deferred", "failed"],
      [
        discordRow("one at a time", discord.sequential),
        discordRow(`${plural(discord.concurrent.bursts, "burst")} of ${discord.concurrent.burstSize} concurrent`, discord.concurrent),
      ],
    ),
  ].join("\n");
}

const REFRESHED_NAMES = { quality: "quality", newsQuiz: "news quiz", scale: "scale" } as const;

/** "; quality measured again at 19ed811 (2026-11-30 19:19 UTC)": sections a later `--only` run replaced. */
function refreshedSections(results: BenchResults): string {
  const refreshed = Object.entries(results.refreshed ?? {}) as [keyof typeof REFRESHED_NAMES, SectionRun][];
  return refreshed.map(([section, run]) => `; ${REFRESHED_NAMES[section]} measured again at ${run.commit} (${run.date.slice(0, 16).replace("T", " ")} UTC)`).join("");
}

function environmentSection(results: BenchResults): string {
  const { environment: env } = results;
  const packages = Object.entries(env.packages)
    .map(([name, version]) => `${name} ${version}`)
    .join(", ");
  return [
    `- Date: ${env.date}`,
    `- Commit: ${env.commit}${env.uncommittedChanges ? " (with uncommitted changes in the working tree)" : ""}${refreshedSections(results)}`,
    `- Machine: ${env.cpu}, ${env.cores} cores, ${env.memoryGb} GB RAM, ${env.os}; load average ${env.loadAverage} at the start (the machine is shared, so figures are noisy)`,
    `- Node ${env.node}, SQLite ${env.sqlite}; ${packages}`,
    `- Profile: ${results.profile}; whole run ${(results.durationSeconds / 60).toFixed(1)} min (quality ${(results.sectionSeconds.quality / 60).toFixed(1)}, news quiz ${(results.sectionSeconds.newsQuiz / 60).toFixed(1)}, ingestion ${(results.sectionSeconds.ingestion / 60).toFixed(1)}, Discord ${(results.sectionSeconds.discord / 60).toFixed(1)}, scale ${(results.sectionSeconds.scale / 60).toFixed(1)}); time budget ${results.settings.budgetMinutes} min; seed ${results.settings.seed}`,
  ].join("\n");
}

/** Start-up targets: `ask` through npm within 5× a bare node, `npm start` ready within 1.5 s (the issue's). */
const STARTUP_ASK_RATIO_TARGET = 5;
const STARTUP_READY_TARGET_MS = 1500;

function startupSection(results: BenchResults): string {
  const startup = results.startup;
  if (!startup) return "Not measured in this run (`npm run bench -- --only startup` measures it).";
  const node = median(startup.nodeMs);
  const row = (label: string, values: number[]) => [label, spread(values, ms), `${(median(values) / node).toFixed(1)}×`];
  const askRatio = median(startup.askMs) / node;
  const ready = median(startup.startReadyMs);
  return [
    `Cold processes on the two sample articles, keyword-only (\`EMBEDDING_MODEL=none\`), ${plural(startup.runs, "run")} of each, interleaved so that all meet the same load (1-minute load average ${startup.measured.loadAverage} when they started; measured ${startup.measured.date.slice(0, 16).replace("T", " ")} UTC at ${startup.measured.commit}). Wall time, median (min–max); the ratio is to \`node -e 0\` in the same run. The \`npm run\` rows include npm itself starting.`,
    "",
    table(
      ["command", "wall, median (min–max)", "× node -e 0"],
      [
        row("`node -e 0`", startup.nodeMs),
        row(`\`npm run -s cli -- ask "${startup.question}"\``, startup.askMs),
        row("the same `ask` without npm (`node scripts/run.mjs cli/main ask …`)", startup.askWithoutNpmMs),
        row(`\`npm run -s cli -- search "${startup.query}"\``, startup.searchMs),
        row("`npm start` until \"index ready\" (unchanged folder)", startup.startReadyMs),
      ],
    ),
    "",
    `Targets: \`ask\` ≤ ${STARTUP_ASK_RATIO_TARGET}× \`node -e 0\`: ${askRatio.toFixed(1)}× ${verdict(askRatio <= STARTUP_ASK_RATIO_TARGET)}; \`npm start\` ready ≤ ${ms(STARTUP_READY_TARGET_MS)}: ${ms(ready)} ${verdict(ready <= STARTUP_READY_TARGET_MS)}.`,
  ].join("\n");
}

function keywordPeerSection(results: BenchResults): string {
  const peer = results.keywordPeer;
  if (!peer || peer.sizes.length === 0) return "Not measured in this run (`npm run bench -- --only keyword` measures it).";
  const first = peer.sizes[0]!;
  // Results from before the CPU columns have none.
  const cpu = (summary: { median: number; p95: number } | undefined) => (summary ? [ms(summary.median), ms(summary.p95)] : ["—", "—"]);
  const rows = peer.sizes.flatMap((size) => [
    [count(size.chunks), "newsdesk `search` (keyword-only, the whole search: FTS5 BM25, clean-up)", ms(size.newsdesk.latency.median), ms(size.newsdesk.latency.p95), ms(size.newsdesk.latency.p99), ...cpu(size.newsdesk.cpu), fixed3(size.newsdesk.recallAt10)],
    [count(size.chunks), `LanceDB ${size.lancedb.version} full-text index (\`search(…, "fts")\`)`, ms(size.lancedb.latency.median), ms(size.lancedb.latency.p95), ms(size.lancedb.latency.p99), ...cpu(size.lancedb.cpu), fixed3(size.lancedb.recallAt10)],
  ]);
  return [
    `The same chunks (SQuADShifts new_wiki paragraphs, then Reuters-21578 stories, then perturbed copies of them) in a newsdesk index and in a LanceDB table with a full-text index (title and chunk text in one column; stemmed, lowercased, ASCII-folded), ${plural(first.queries, "SQuAD question")} per size asked of both one at a time, alternating, top ${first.limit}. R@10: the question's paragraph among the first 10 results. Milliseconds of wall time, and of the process's CPU time (all threads) while the query ran: on a loaded machine wall time is mostly waiting, and LanceDB searches on several threads where newsdesk uses one. 1-minute load average ${peer.measured.loadAverage} when the section started (${peer.measured.date.slice(0, 16).replace("T", " ")} UTC, ${peer.measured.commit}); \`LANCE_CPU_THREADS=2\`.`,
    "",
    table(["chunks", "system", "p50", "p95", "p99", "CPU p50", "CPU p95", "R@10"], rows),
  ].join("\n");
}

export function renderChart(results: BenchResults): string {
  const sizes = sizesWithVectors(results);
  const line = (label: string, color: string, dashed: boolean, pick: (size: Measured) => readonly Summary[]): ChartSeries => ({
    label,
    color,
    dashed,
    points: sizes.map((size) => ({ x: size.measured.chunks, y: median(p95s(pick(size))) })),
  });
  return renderLogLogChart({
    title: "Query latency (p95) against corpus size",
    xLabel: "chunks in the index",
    yLabel: "p95 latency (ms)",
    series: [
      line("ask, newsdesk (HNSW)", "#1f77b4", false, (size) => size.measured.latency.ask.hnsw),
      line("ask, exact scan", "#1f77b4", true, (size) => size.measured.latency.ask.exact),
      line("search, newsdesk (HNSW)", "#2ca02c", false, (size) => size.measured.latency.search.hnsw),
      line("search, exact scan", "#2ca02c", true, (size) => size.measured.latency.search.exact),
    ],
    markers: TARGETS.askP95Ms.map((target) => ({ x: target.chunks, y: target.ms, label: `ask < ${target.ms} ms` })),
    notes: results.scale.sizes.filter((size) => "skipped" in size).map((size) => `${sizeLabel(size)} chunks: not measured (time budget)`),
    formatX: count,
    formatY: (value) => (value >= 1 ? `${value} ms` : `${value.toPrecision(1)} ms`),
  });
}

export function renderMarkdown(results: BenchResults, chartFile: string): string {
  const { quality } = results;
  return [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\`${results.profile === "smoke" ? " --smoke (tiny sizes: a check that the harness runs, not figures to quote)" : ""}; every figure is also in \`bench/results.json\`. Nothing here is typed in by hand.`,
    "",
    environmentSection(results),
    "",
    "About the models: no real embedding model can be downloaded on the machine that ran this. Rows marked **tiny random test model** use the test suite's tiny ONNX model (a bag of random word vectors, 384 dimensions): they show the dense machinery at work, **not** the semantic quality of a real model. Rows for a real model run only when `EMBEDDING_MODEL_PATH` points at one; otherwise they say so.",
    "",
    "## Targets",
    "",
    targetsSection(results),
    "",
    "## 1. Quality",
    "",
    `Deltas are against plain BM25 (k1 1.2, b 0.75, lowercased words, no stemming) run on exactly the text newsdesk indexes (title and body). Quality figures are deterministic for a given seed, so they come from one run. newsdesk is asked for ${quality.searchLimit} passages and judged on its first 10 distinct articles.`,
    "",
    `### TIME (${quality.time.documents} articles, ${quality.time.chunks} chunks, ${quality.time.queries} judged queries; article level)`,
    "",
    qualityTable(quality.time, TIME_METRICS),
    "",
    `### SQuADShifts new_wiki + XQuAD-en distractors (${quality.squad.documents} passages, one article each, ${quality.squad.chunks} chunks, ${quality.squad.queries} questions; passage level)`,
    "",
    qualityTable(quality.squad, SQUAD_METRICS),
    "",
    "### The dense weight",
    "",
    sweepSection(results),
    "",
    "### Answer accuracy",
    "",
    answersSection(results),
    "",
    "### News quiz (RealTimeQA 2022–2024)",
    "",
    newsQuizSection(results),
    "",
    "## 2. Speed and scale",
    "",
    "### Start-up",
    "",
    startupSection(results),
    "",
    "### Ingestion",
    "",
    ingestionSection(results),
    "",
    "### Keyword search against a peer",
    "",
    keywordPeerSection(results),
    "",
    "### Query latency",
    "",
    latencySection(results, chartFile),
    "",
    "### HNSW recall against the exact scan",
    "",
    recallSection(results),
    "",
    "### Memory, disk and startup",
    "",
    resourcesSection(results),
    "",
    "### Writing one more article into a large index",
    "",
    incrementalWriteSection(results),
    "",
    "## 3. Discord path",
    "",
    discordSection(results),
    "",
  ].join("\n");
}
