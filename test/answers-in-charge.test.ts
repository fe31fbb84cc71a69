/**
 * "Who runs…?" and "Who's in charge at…?" asked of an article that names the person in charge by title only
 * ("Managing director Elaine Rooke said…"), keyword-only.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keywordIndexOf } from "./support/keyword-index";
import { answerQuestion, type AnswerContext } from "../src/answers";
import { inChargeTitles } from "../src/answers/in-charge";
import { parseQuery } from "../src/retrieval/parse-query";

const FIXTURES = path.join(__dirname, "fixtures/in-charge");

let removeIndex: () => void;
let context: AnswerContext;

beforeAll(async () => {
  const { store, remove } = await keywordIndexOf([FIXTURES]);
  removeIndex = remove;
  context = { store, embedder: null, clock: () => new Date("2026-11-30T12:00:00Z"), timeZone: "UTC" };
});

afterAll(() => removeIndex());

/** The terms of `question` that take the titles, as the words the question writes. */
function askingTerms(question: string): string[] {
  return parseQuery(question)
    .terms.filter((term) => inChargeTitles(term, question).length > 0)
    .map((term) => term.word);
}

describe("asking who is in charge", () => {
  it("quotes the sentence naming the managing director", async () => {
    for (const question of ["Who runs Corran Ferries?", "Who's in charge at Corran Ferries?"]) {
      const answer = await answerQuestion(context, question);
      expect(answer.answered, `${question}: ${answer.text}`).toBe(true);
      expect(answer.quotes.map((quote) => quote.text)).toContainEqual(expect.stringMatching(/^Managing director Elaine Rooke said/));
    }
  });

  it("is read in the question's verb or noun of being in charge", () => {
    expect(askingTerms("Who runs the health trust?")).toEqual(["runs"]);
    expect(askingTerms("Who is currently heading the inquiry?")).toEqual(["heading"]);
    expect(askingTerms("Who's in charge at Greyfell Buses?")).toEqual(["charge"]);
    expect(askingTerms("Who is the head of the trust?")).toEqual(["head"]);
    expect(askingTerms("What did Marrowvale's boss say?")).toEqual(["boss"]);
    expect(inChargeTitles(parseQuery("Who runs the health trust?").terms[0]!, "Who runs the health trust?")).toContain("executive");
  });

  it("not in running for an office, running away, or a verb another word asks", () => {
    expect(askingTerms("Who is running for mayor?")).toEqual([]);
    expect(askingTerms("Who ran away from the zoo?")).toEqual([]);
    expect(askingTerms("Who led the attack on the fort?")).toEqual([]);
    expect(askingTerms("How long does the ferry run in winter?")).toEqual([]);
    expect(askingTerms("Who said the head teacher runs the school?")).toEqual([]);
  });
});
