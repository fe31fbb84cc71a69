/**
 * A question asked on a day (the clock, or `ask --as-of`) prefers, of sentences answering alike, the one from the
 * article published nearest that day. Keyword-only, over two reports of one bank's rate rises three months apart
 * (test/fixtures/near-dates). Retrieval's passages are chosen the same way: of a wider pool, the nearest count more.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAnswerInvariants } from "./support/answer-invariants";
import { keywordIndexOf } from "./support/keyword-index";
import { answerQuestion, DEFAULT_TUNING, gatherEvidence, type AnswerContext } from "../src/answers";
import { nearestPassages } from "../src/answers/near-asked-date";
import type { Passage } from "../src/retrieval";
import type { Store } from "../src/store";

const QUESTION = "The Calder Reserve Bank has raised its interest rate to the highest level in how many years?";

let store: Store;
let removeIndex: () => void;

beforeAll(async () => {
  ({ store, remove: removeIndex } = await keywordIndexOf([path.join(__dirname, "fixtures/near-dates")]));
});

afterAll(() => removeIndex());

const askedOn = (day: string): AnswerContext => ({ store, embedder: null, clock: () => new Date(`${day}T12:00:00Z`), timeZone: "UTC" });

describe("sentences from articles near the day asked", () => {
  it.each([
    ["2026-05-08", /highest level in nine years/],
    ["2026-08-07", /highest level in fourteen years/],
  ])("asked on %s, the best sentence is that week's report", async (day, expected) => {
    const evidence = await gatherEvidence(askedOn(day), QUESTION);
    expect(evidence.candidates[0]!.text).toMatch(expected);
    const answer = await answerQuestion(askedOn(day), QUESTION);
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes.some((quote) => expected.test(quote.text)), answer.text).toBe(true);
  });
});

describe("passages from articles near the day asked", () => {
  it.each([
    ["2026-05-08", "Calder Reserve Bank raises its rate again"],
    ["2026-08-07", "Calder Reserve Bank raises its rate once more"],
  ])("asked on %s with one passage scored, it is that week's report", async (day, title) => {
    const evidence = await gatherEvidence({ ...askedOn(day), tuning: { ...DEFAULT_TUNING, passages: 1, wholeArticles: 1 } }, QUESTION);
    expect(evidence.passages.map((passage) => passage.article.title)).toEqual([title]);
  });

  const passage = (rowid: number, score: number, published: string | null) => ({ article: { rowid, published }, score, keywordScore: score, denseSimilarity: null }) as Passage;

  it("keeps retrieval's order for undated articles and ones far from the day asked, and only as many as asked", () => {
    const asked = new Date("2026-08-07T12:00:00Z");
    const passages = [passage(1, 3, null), passage(2, 2, "2025-01-10"), passage(3, 1, null)];
    expect(nearestPassages(passages, asked, { pool: 3, weight: 0.3 }, 30, 2).map((kept) => kept.article.rowid)).toEqual([1, 2]);
  });

  it("lets a passage of the day asked pass a better-scored one only by less than the weight", () => {
    const asked = new Date("2026-08-07T12:00:00Z");
    const ranked = (older: number) =>
      nearestPassages([passage(1, older, "2026-02-01"), passage(2, 1, "2026-08-07T12:00:00Z")], asked, { pool: 2, weight: 0.3 }, 30, 2).map((kept) => kept.article.rowid);
    expect(ranked(1.2)).toEqual([2, 1]);
    expect(ranked(1.4)).toEqual([1, 2]);
  });

  describe("with a sentence model, on the fused score", () => {
    const asked = new Date("2026-08-07T12:00:00Z");
    const fused = (rowid: number, score: number, keywordScore: number | null, published: string | null) =>
      ({ ...passage(rowid, score, published), keywordScore, denseSimilarity: 0.5 }) as Passage;

    it("lets the day's passage found by meaning alone pass one found by its words", () => {
      const passages = [fused(1, 0.02, 9, "2026-02-01"), fused(2, 0.019, null, "2026-08-07T12:00:00Z")];
      expect(nearestPassages(passages, asked, { pool: 2, weight: 0.3 }, 30, 2).map((kept) => kept.article.rowid)).toEqual([2, 1]);
    });

    it("keeps the fused order of undated passages though their keyword scores rank them otherwise", () => {
      const passages = [fused(1, 0.03, 2, null), fused(2, 0.02, 9, null)];
      expect(nearestPassages(passages, asked, { pool: 2, weight: 0.3 }, 30, 2).map((kept) => kept.article.rowid)).toEqual([1, 2]);
    });
  });
});
