/**
 * An answer depends on the question and the articles, not on what the process read before: the same question asked
 * again after another is answered as it was. Keyword-only, over our benchmark's written articles (bench/written).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keywordIndexOf } from "./support/keyword-index";
import { answerQuestion, type AnswerContext } from "../src/answers";

let context: AnswerContext;
let removeIndex: () => void;

beforeAll(async () => {
  const index = await keywordIndexOf([path.resolve(__dirname, "..", "bench/written/articles")]);
  removeIndex = index.remove;
  context = { store: index.store, embedder: null, clock: () => new Date("2026-11-30T12:00:00Z"), timeZone: "UTC" };
});

afterAll(() => removeIndex());

describe("a question asked again after another", () => {
  // wink reads a sentence as the words its instance has met let it (see createEntityReader): with one instance for
  // every question, this answer quoted a sentence more the second time.
  it("is answered as the first time", async () => {
    const asked = "Apart from Ossingford, which town's schools were part of the trial?";
    const first = await answerQuestion(context, asked);
    expect(first.answered, first.text).toBe(true);
    await answerQuestion(context, "What yearly saving does the county council expect from combining the two Port Elsby primary schools?");
    const again = await answerQuestion(context, asked);
    expect(again.text).toBe(first.text);
  });
});
