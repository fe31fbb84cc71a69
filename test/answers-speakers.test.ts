/**
 * "What did X say?" where a pronoun gives X the words: '"…," he said.' after the sentence naming X. Keyword-only,
 * over the paraphrase fixtures and one more article (test/fixtures/speakers).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAnswerInvariants } from "./support/answer-invariants";
import { keywordIndexOf } from "./support/keyword-index";
import { answerQuestion, type AnswerContext } from "../src/answers";
import { namesSpeaker } from "../src/answers/speakers";
import type { Store } from "../src/store";

const FIRE = "Moorland fire near Kelvin Ridge burns for a second day";
const NAMED_THEN_QUOTED =
  /^Group manager Lewis Abernethy said investigators were looking at whether a disposable barbecue was to blame\. "It is extremely unusual .*" he said\. "We have had almost no rain for five weeks, and the ground up there is as dry as we would normally see in July\."$/;

let store: Store;
let context: AnswerContext;
let removeIndex: () => void;

beforeAll(async () => {
  ({ store, remove: removeIndex } = await keywordIndexOf([path.join(__dirname, "fixtures/answers"), path.join(__dirname, "fixtures/speakers")]));
  context = { store, embedder: null, clock: () => new Date("2026-11-30T12:00:00Z"), timeZone: "UTC" };
});

afterAll(() => removeIndex());

describe("words a pronoun attributes", () => {
  it.each([
    "What did Lewis Abernethy say about the ground?",
    "What did the group manager say about the dry ground?",
    // The words after "'s" name him as the story does: "Group manager Lewis Abernethy".
    "How did the fire service's group manager describe the ground on the moor?",
  ])("'%s' quotes his words from the sentence naming him on", async (question) => {
    const answer = await answerQuestion(context, question);
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.title).toBe(FIRE);
    expect(answer.quotes[0]!.text, answer.text).toMatch(NAMED_THEN_QUOTED);
  });

  it("quotes the words a pronoun gives him after the sentence where he speaks ('Abernethy said…', then '\"…,\" he said')", async () => {
    for (const question of ["What did Lewis Abernethy say?", "What did the group manager say?"]) {
      const answer = await answerQuestion(context, question);
      expectAnswerInvariants(store, answer);
      expect(answer.quotes[0]!.text, answer.text).toMatch(
        /^Group manager Lewis Abernethy said investigators were looking at whether a disposable barbecue was to blame\. "It is extremely unusual to be fighting a fire of this size at the end of November," he said\./,
      );
    }
  });

  it("reads what investigators think from a sentence that reports it ('Abernethy said investigators were looking at…')", async () => {
    const answer = await answerQuestion(context, "What do investigators think started the fire on the moor?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text, answer.text).toMatch(/investigators were looking at whether a disposable barbecue was to blame/);
  });

  it("does not give a pronoun's words to one whose view the sentence before reports", async () => {
    const answer = await answerQuestion(context, "What did the investigators say about the ground?");
    expectAnswerInvariants(store, answer);
    expect(answer.quotes.some((quote) => NAMED_THEN_QUOTED.test(quote.text)), answer.text).toBe(false);
  });
});

describe("a pronoun opening a paragraph after one where two people speak", () => {
  it("is given to neither: 'He added…' after 'Nandakumar said…' and '…Doyle claimed…' may be either", async () => {
    for (const question of ["What did Marek Doyle say about the inspection report?", "What did the union official say about the report?"]) {
      const answer = await answerQuestion(context, question);
      expectAnswerInvariants(store, answer);
      expect(answer.answered, answer.text).toBe(true);
      expect(answer.quotes.some((quote) => quote.text.includes("union official Marek Doyle claimed")), answer.text).toBe(true);
      expect(answer.quotes.some((quote) => quote.text.includes("He added that the council would publish")), answer.text).toBe(false);
    }
  });
});

describe("namesSpeaker", () => {
  it("needs every word of the speaker, or of what follows its last \"'s\"", () => {
    expect(namesSpeaker("Mayor Brandt")("Mayor Tom Brandt pushed back.")).toBe(true);
    expect(namesSpeaker("Mayor Brandt")("The mayor pushed back.")).toBe(false);
    expect(namesSpeaker("the fire service's group manager")("Group manager Lewis Abernethy said…")).toBe(true);
    expect(namesSpeaker("the fire service's group manager")("The fire service said…")).toBe(false);
  });
});
