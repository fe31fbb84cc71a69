/**
 * "Which director…?" answered by a sentence that names no one ("The director will return…", or "…using the app…"
 * further in) quotes the sentence before it, which does; so does a quote opening with "He"/"She" in the middle of a
 * paragraph, and one opening "That's how much…" after the value it points at; a quote naming someone by surname only
 * is joined by the sentence naming them in full. Keyword-only, over the paraphrase fixtures and the articles of
 * test/fixtures/antecedents.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAnswerInvariants } from "./support/answer-invariants";
import { keywordIndexOf } from "./support/keyword-index";
import { answerQuestion, type AnswerContext } from "../src/answers";
import { withReferentShown } from "../src/answers/antecedents";
import { withFullNameShown } from "../src/answers/full-names";
import { createEntityReader } from "../src/answers/entities";
import type { CandidateSentence } from "../src/answers/score-sentences";
import type { Passage } from "../src/retrieval/types";
import type { Store } from "../src/store";

const NAMED_THEN_TOLD = /^Ines Carrow is coming home\. The director will return to run the Harbour Playhouse from April/;

let store: Store;
let context: AnswerContext;
let removeIndex: () => void;

beforeAll(async () => {
  ({ store, remove: removeIndex } = await keywordIndexOf([path.join(__dirname, "fixtures/answers"), path.join(__dirname, "fixtures/antecedents")]));
  context = { store, embedder: null, clock: () => new Date("2026-11-30T12:00:00Z"), timeZone: "UTC" };
});

afterAll(() => removeIndex());

describe("a sentence that tells what was asked but names no one", () => {
  it.each([
    // By the noun asked for.
    "Which director will return to run the Harbour Playhouse?",
    // By a kind of person.
    "Who will return to run the Harbour Playhouse in April?",
  ])("'%s' is quoted from the sentence before, which names her", async (question) => {
    const answer = await answerQuestion(context, question);
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text, answer.text).toMatch(NAMED_THEN_TOLD);
  });

  it("is quoted alone where it names what is asked itself", async () => {
    const answer = await answerQuestion(context, "How many people does the Harbour Playhouse seat?");
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text, answer.text).toMatch(/^The Playhouse seats 420 people/);
  });

  it("is quoted from the sentence before when it opens with up to five words on the noun asked for", async () => {
    const answer = await answerQuestion(context, "Which cinema chain announced plans to price tickets by seat location?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text, answer.text).toMatch(/^You may soon pay extra for a good seat at Lantern Cinemas\. The region's largest independent cinema chain announced/);
  });

  it("is quoted from the sentence before when it says 'the app' further in", async () => {
    const answer = await answerQuestion(context, "Which video app will four county councils bar their staff from using on work phones?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text, answer.text).toMatch(/^Two years after Quillfeed avoided a national ban, .* In the past fortnight, four county councils .* using the app on work phones/);
  });

  it("is quoted from the sentence before when it refers back to the place asked for", async () => {
    const answer = await answerQuestion(context, "Which town has asked the county for emergency funds to repair its bridge?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text, answer.text).toMatch(/^Floodwater swept through the high street of Wetherby Cross .* The town has asked the county/);
  });

  it("is quoted alone when it says 'the app' further in and names one itself", async () => {
    const answer = await answerQuestion(context, "Which app will council staff keep for filing expenses?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text, answer.text).toBe("Council staff will keep the app Tallypad, which the council built, for filing expenses.");
  });
});

describe("a quote opening with a pronoun", () => {
  it("is quoted from the sentence before in its paragraph, which names its subject", async () => {
    const answer = await answerQuestion(context, "How many new plays will the Playhouse stage?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text, answer.text).toBe(
      "Board chair Tomas Reyes called the appointment a homecoming for the theatre. He said the Playhouse would stage six new plays in her first season.",
    );
  });

  it("is quoted alone when it opens its paragraph", async () => {
    const answer = await answerQuestion(context, "Which revival will open the season at the Playhouse?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes.map((quote) => quote.text), answer.text).toContain("She will open that season with a revival of The Lighthouse Keepers in May.");
  });
});

describe("a quote opening with 'That's how much…' or 'That's when…'", () => {
  it("is quoted from the value its article sets apart in the paragraph before", async () => {
    const answer = await answerQuestion(context, "How much money did the ferry appeal raise?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text, answer.text).toMatch(/^£86,000 That's how much residents have given/);
  });

  it("is quoted from the sentence before in its paragraph", async () => {
    const answer = await answerQuestion(context, "When did the first donations to the ferry appeal arrive?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text, answer.text).toMatch(/^The ferry's operator warned in October .* That's when the first donations arrived/);
  });
});

describe("withReferentShown", () => {
  /** The candidate for the last sentence of `text`. */
  const last = (text: string): CandidateSentence => {
    const start = text.lastIndexOf("That");
    const sentence = text.slice(start);
    return { passage: { article: { rowid: 1, text } } as Passage, start, end: text.length, text: sentence, matched: new Set(["ferri"]), exact: new Set(["ferri"]), coverage: 0.8, score: 0.8, nearDate: 0, answer: null, answerCounts: false };
  };
  const shown = (text: string) => withReferentShown([last(text)])[0]!.text;

  it("leaves the sentence alone after a paragraph of more than a few words", () => {
    const text = "The appeal opened in October with a concert on the quay and a raffle.\n\nThat's how much residents have given.";
    expect(shown(text)).toBe("That's how much residents have given.");
  });

  it("leaves alone a sentence that opens with 'That' but points at nothing before", () => {
    const text = "£86,000\n\nThat ferry has run since 1921.";
    expect(shown(text)).toBe("That ferry has run since 1921.");
  });

  it("keeps the candidate's own score", () => {
    const [candidate] = withReferentShown([last("£86,000\n\nThat's how much residents have given.")]);
    expect(candidate!.text).toBe("£86,000\n\nThat's how much residents have given.");
    expect([candidate!.start, candidate!.score]).toEqual([0, 0.8]);
  });
});

describe("a quote naming someone by surname only", () => {
  it.each(["Who won the Harbour Sculls trophy?", "Which rower won the Harbour Sculls trophy?"])(
    "'%s' is quoted with the article's sentence naming her in full",
    async (question) => {
      const answer = await answerQuestion(context, question);
      expectAnswerInvariants(store, answer);
      expect(answer.answered, answer.text).toBe(true);
      expect(answer.quotes.map((quote) => quote.text).slice(0, 2), answer.text).toEqual([
        "Amara Okafor rowed into the club's record books on Saturday in front of the biggest crowd the regatta has drawn.",
        "Okafor, who won the Harbour Sculls trophy by four lengths, thanked the volunteers who kept the course clear.",
      ]);
    },
  );

  it("counts no title before the surname ('Ms. Tegid') as naming her in full", () => {
    const article = [
      "Councillor Bronwen Tegid has agreed a twenty-year lease for the Marsh Lane allotments.",
      "Tegid, who negotiated the lease over eight months of talks, thanked the plot holders.",
      "\"Ms. Tegid never gave up,\" the plot holders' secretary said. Ms. Tegid is to open the gates on Sunday.",
    ].join(" ");
    const sentence = (text: string, answer: string | null) => {
      const start = article.indexOf(text);
      const passage = { article: { rowid: 1, source: "Riverside Gazette", text: article, title: "" } } as Passage;
      return { passage, start, end: start + text.length, text, matched: new Set<string>(), exact: new Set<string>(), coverage: 0.6, score: 0.6, nearDate: 0, answer, answerCounts: false };
    };
    const best = sentence("Tegid, who negotiated the lease over eight months of talks, thanked the plot holders.", "tegid");
    const titled = sentence("\"Ms. Tegid never gave up,\" the plot holders' secretary said.", "ms tegid");
    const quoted = withFullNameShown([best, titled], () => true, createEntityReader()).map((picked) => picked.text);
    expect(quoted).toEqual([best.text, "Councillor Bronwen Tegid has agreed a twenty-year lease for the Marsh Lane allotments.", titled.text]);
  });

  it("is quoted alone where the question asks for no name", async () => {
    const answer = await answerQuestion(context, "By how many lengths did Okafor win the Harbour Sculls trophy?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes.map((quote) => quote.text), answer.text).toEqual([
      "Okafor, who won the Harbour Sculls trophy by four lengths, thanked the volunteers who kept the course clear.",
    ]);
  });
});
