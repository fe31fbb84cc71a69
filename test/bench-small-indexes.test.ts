import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSquadPassages, type SquadPassages } from "../bench/datasets/squad";
import { measureSmallIndexes } from "../bench/small-indexes";
import { fixtureDatasets } from "./support/bench-datasets";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-small-indexes-"));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** Three articles of two paragraphs; each paragraph asked one question, answered by `answers(article, paragraph)`. */
function poolOf(articles: number, answers: (article: number, paragraph: number) => string, text: (article: number, paragraph: number) => string): SquadPassages {
  const passages = [];
  const questions = [];
  for (let article = 0; article < articles; article++) {
    for (let paragraph = 0; paragraph < 2; paragraph++) {
      const id = `Article_${article}#${paragraph}`;
      passages.push({ id, title: `Article_${article}`, text: text(article, paragraph) });
      questions.push({ id: `q${article}-${paragraph}`, question: `What happened in article ${article} part ${paragraph}?`, passageId: id, answers: [answers(article, paragraph)] });
    }
  }
  return { passages, questions };
}

describe("small indexes (bench/small-indexes.ts)", () => {
  it("asks two questions of every paragraph held and one near miss per article", async () => {
    const pool = loadSquadPassages(fixtureDatasets.squadShiftsNewWikiFile);
    const result = await measureSmallIndexes(path.join(workDir, "fixture"), pool, 4, 7);
    expect(result).toMatchObject({ indexes: 4, paragraphsPerIndex: 3, answerable: 4 * 3 * 2, nearMisses: 4 * 3 });
    expect(result.answeredRight).toBeGreaterThan(0);
    expect(result.answeredRight).toBeLessThanOrEqual(result.answered);
    expect(result.answered).toBeLessThanOrEqual(result.answerable);
    expect(result.nearMissesAnswered).toBeLessThanOrEqual(result.nearMisses);
  });

  it("never counts as a near miss a question whose answer the index holds", async () => {
    // Both paragraphs of an article give both its answers: no question of the other paragraph is a miss.
    const both = (article: number) => `Report ${article}: the harbour flooded in spring ${article} and the ferry stopped in winter ${article}.`;
    const pool = poolOf(3, (article, paragraph) => (paragraph === 0 ? `spring ${article}` : `winter ${article}`), both);
    const result = await measureSmallIndexes(path.join(workDir, "held"), pool, 2, 7);
    expect(result.nearMisses).toBe(0);
    expect(result.answerable).toBe(2 * 3);
  });

  it("says what the pool lacks when it has fewer than three articles to draw from", async () => {
    const pool = poolOf(2, () => "x", (article, paragraph) => `Text ${article} ${paragraph}.`);
    await expect(measureSmallIndexes(path.join(workDir, "short"), pool, 1, 7)).rejects.toThrow(
      "small indexes need 3 articles with questions on two paragraphs; the pool has 2",
    );
  });
});
