import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBenchmarks, type BenchOutput } from "../bench/run";
import { renderMarkdown } from "../bench/report";
import type { BenchResults } from "../bench/results";
import { fixtureDatasets } from "./support/bench-datasets";

/** Every number anywhere in the results, with where it sits, so a NaN or Infinity cannot hide. */
function numbersIn(value: unknown, at = "results"): { at: string; value: number }[] {
  if (typeof value === "number") return [{ at, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => numbersIn(item, `${at}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => numbersIn(item, `${at}.${key}`));
  return [];
}

// The harness on tiny sizes, so it never rots; no timing is asserted, only that everything was measured.
describe("npm run bench -- --smoke", () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-bench-smoke-test-"));
  let output: BenchOutput;
  let results: BenchResults;

  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it("runs every section and writes the report, the results and the chart", async () => {
    output = await runBenchmarks({ smoke: true, outDir, datasets: fixtureDatasets });
    results = output.results;
    expect(results.profile).toBe("smoke");
    for (const file of [output.markdownFile, output.jsonFile, output.chartFile]) expect(path.dirname(file)).toBe(outDir);
    expect(JSON.parse(fs.readFileSync(output.jsonFile, "utf8"))).toEqual(JSON.parse(JSON.stringify(results)));
    expect(fs.readFileSync(output.chartFile, "utf8")).toMatch(/^<svg[\s\S]*<polyline[\s\S]*<\/svg>\n$/);
  }, 180_000);

  it("has only finite numbers", () => {
    const numbers = numbersIn(results);
    expect(numbers.length).toBeGreaterThan(100);
    expect(numbers.filter(({ value }) => !Number.isFinite(value))).toEqual([]);
  });

  it("measures every quality row that can run here, and says why the others cannot", () => {
    for (const dataset of [results.quality.time, results.quality.squad]) {
      expect(dataset.queries).toBeGreaterThan(0);
      expect(dataset.rows.some((row) => row.system === dataset.reference && row.quality !== null)).toBe(true);
      for (const system of ["newsdesk keyword-only", "newsdesk dense-only", "newsdesk hybrid"]) {
        expect(dataset.rows.some((row) => row.system.startsWith(system) && row.quality !== null)).toBe(true);
      }
      expect(dataset.rows.filter((row) => row.vectorSearch === "exact").length).toBe(dataset.rows.filter((row) => row.vectorSearch === "HNSW").length);
      for (const row of dataset.rows) expect(row.quality !== null || Boolean(row.note)).toBe(true);
    }
    const sweep = results.quality.weightSweep[0]!.points;
    expect(sweep.map((point) => point.weights.dense)).toEqual(expect.arrayContaining([0, 0.25, 0.5, 1]));
    expect(sweep.filter((point) => point.isDefault)).toHaveLength(1);
    const textRecall = results.quality.hnswRecallOnText;
    expect(textRecall.points.map((point) => point.ef)).toContain(textRecall.defaultEf);
    const measuredAnswers = results.quality.answers.rows.filter((row) => !row.note);
    expect(measuredAnswers.length).toBeGreaterThanOrEqual(3);
    for (const row of measuredAnswers) expect(row.questions).toBe(results.quality.answers.questions);
    const { offTopic } = results.quality.answers;
    expect(offTopic.questions).toBeGreaterThan(0);
    expect(offTopic.answered).toBeLessThanOrEqual(offTopic.questions);
    // The questions of our own are in the repository: measured in full on every run, smoke or not.
    const { written } = results.quality.answers;
    expect(written.articles).toBe(23);
    expect(written.answerable).toBe(144);
    expect(written.unanswerable).toBe(44);
    expect(written.answeredRight).toBeGreaterThan(0);
    expect(written.answeredRight).toBeLessThanOrEqual(written.answered);
    expect(written.answered).toBeLessThanOrEqual(written.answerable);
    expect(written.unanswerableAnswered).toBeLessThanOrEqual(written.unanswerable);
    const { smallIndexes } = results.quality.answers;
    expect(smallIndexes).toMatchObject({ indexes: 2, paragraphsPerIndex: 3, answerable: 2 * 3 * 2 });
    expect(smallIndexes.answeredRight).toBeLessThanOrEqual(smallIndexes.answered);
    expect(smallIndexes.nearMissesAnswered).toBeLessThanOrEqual(smallIndexes.nearMisses);
  });

  it("runs the news quiz on the test fixture, both splits, newsdesk against plain BM25", () => {
    if ("skipped" in results.newsQuiz) throw new Error(`news quiz skipped: ${results.newsQuiz.skipped}`);
    expect(results.newsQuiz.splits.map((split) => split.name)).toEqual(["dev", "check"]);
    for (const split of results.newsQuiz.splits) {
      expect(split.questions).toBeGreaterThan(0);
      expect(split.rows.map((row) => row.system)).toEqual(["newsdesk ask, keyword-only", "plain BM25 top article + best-overlap sentence"]);
      for (const row of split.rows) expect(row.questions).toBe(split.questions);
    }
  });

  it("measures ingestion, the raw embedder and the Discord path", () => {
    expect(results.ingestion.chunks).toBeGreaterThan(0);
    expect(results.ingestion.keywordOnlySeconds).toHaveLength(results.settings.ingestionRuns);
    const tiny = results.ingestion.models.find((model) => model.kind === "tiny")!;
    expect(tiny.pipelineSeconds).toHaveLength(results.settings.ingestionRuns);
    expect(tiny.rawSeconds).toHaveLength(results.settings.ingestionRuns);
    const { sequential, concurrent } = results.discord;
    expect(sequential.interactions).toBe(results.settings.discord.sequential);
    expect(concurrent.interactions).toBe(results.settings.discord.bursts * results.settings.discord.burstSize);
    expect(sequential.ack).not.toBeNull();
    expect(concurrent.final).not.toBeNull();
  });

  it("measures or explains every corpus size, newsdesk and the exact scan side by side", () => {
    expect(results.scale.sizes.map(({ chunks, vectors }) => ({ chunks, vectors }))).toEqual(results.settings.scale.sizes);
    const first = results.scale.sizes[0]!;
    if (!("measured" in first)) throw new Error("the first size always runs");
    for (const size of results.scale.sizes) {
      if (!("measured" in size)) {
        expect(size.skipped).not.toBe("");
        continue;
      }
      expect(size.measured.chunks).toBeGreaterThanOrEqual(size.chunks);
      expect(size.measured.vectors).toBe(size.vectors);
      // A keyword-only size has search and ask, and nothing that needs vectors.
      const expectedRuns = size.vectors ? results.settings.scale.runs : 0;
      for (const operation of [size.measured.latency.search, size.measured.latency.ask]) expect(operation.hnsw).toHaveLength(results.settings.scale.runs);
      for (const operation of [size.measured.latency.search, size.measured.latency.ask, size.measured.latency.vectors]) expect(operation.exact).toHaveLength(expectedRuns);
      expect(size.measured.latency.vectors.hnsw).toHaveLength(expectedRuns);
      expect(size.measured.latency.keyword).toHaveLength(results.settings.scale.runs);
      if (size.vectors) expect(size.measured.recall!.points.map((point) => point.ef)).toContain(size.measured.recall!.defaultEf);
      else expect(size.measured.recall).toBeNull();
      expect(size.startup).toHaveLength(results.settings.scale.startupRuns);
      expect(size.measured.disk.totalBytes).toBeGreaterThan(0);
    }
  });

  it("writes every section of BENCHMARKS.md with the machine and the commit", () => {
    const markdown = fs.readFileSync(output.markdownFile, "utf8");
    for (const heading of ["## Targets", "## 1. Quality", "## 2. Speed and scale", "## 3. Discord path", "### Answer accuracy", "### News quiz (RealTimeQA 2022–2024)", "### The dense weight"]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain(results.environment.commit);
    expect(markdown).toMatch(/Off topic: \d+ questions about \d+ Wikipedia articles/);
    expect(markdown).toMatch(/Questions of our own: 144 answerable questions over 23 local-news articles/);
    expect(markdown).toContain(results.environment.node);
    expect(markdown).toContain("(latency-vs-corpus-size.svg)");
  });

  it("names the commit a section measured again alone (--only) was measured at", () => {
    const refreshed = { ...results, refreshed: { quality: { date: "2026-11-30T19:19:42.000Z", commit: "abc1234", loadAverage: 1.2 } } };
    const commitLine = renderMarkdown(refreshed, output.chartFile).split("\n").find((line) => line.startsWith("- Commit: "));
    expect(commitLine).toBe(`- Commit: ${results.environment.commit}${results.environment.uncommittedChanges ? " (with uncommitted changes in the working tree)" : ""}; quality measured again at abc1234 (2026-11-30 19:19 UTC)`);
  });
});
