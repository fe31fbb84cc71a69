/**
 * Answers over a handful of invented local-news articles (test/fixtures/answers), keyword-only as every
 * offline user runs it: questions in other words than the text, off-topic ones, mentions, "What did X say?",
 * day questions, refusals that name the window searched, and `--as-of`. "Now" is Monday 30 November 2026, noon UTC.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAnswerInvariants as expectAnswerInvariantsOf } from "./support/answer-invariants";
import { keywordIndexOf } from "./support/keyword-index";
import { answerFromEvidence, answerQuestion, AskOptionsError, checkAskOptions, DEFAULT_TUNING, EVIDENCE_GATE, gatherEvidence, passesGate, type Answer, type AnswerContext } from "../src/answers";
import type { Embedder } from "../src/embeddings";
import { matchStemOf } from "../src/retrieval/parse-query";
import { searchHybrid } from "../src/retrieval";
import type { Store } from "../src/store";

const ROOT = path.resolve(__dirname, "..");
const FIXTURES = path.join(__dirname, "fixtures/answers");
const BRIDGE = "Kestrel Street Bridge to close for six months of repairs";
const BRIDGE_2025 = "Council hears first warnings about the Kestrel Street Bridge";
const SOLAR = "Work begins on Hollins Ridge solar farm";
const RAIL_YARD = "Ashford takes over the old Harper Road rail yard";
const SCAFFOLD = "Scaffolding collapse at Dunmore building site";
const ZOO = "Keepers close Marlow Park zoo for an afternoon after escape";
const FERRY = "Alder ferry gets a new captain in May";
const LIBRARY = "Alder library extends its weekend hours";

let dir: string;
let store: Store;
let removeIndex: () => void;
let context: AnswerContext;

beforeAll(async () => {
  ({ dir, store, remove: removeIndex } = await keywordIndexOf([FIXTURES]));
  context = { store, embedder: null, clock: () => new Date("2026-11-30T12:00:00Z"), timeZone: "UTC" };
});

afterAll(() => removeIndex());

const expectAnswerInvariants = (answer: Answer) => expectAnswerInvariantsOf(store, answer);

/** Runs `ask` over a keyword index of the articles in test/fixtures/`folder`, removed afterwards. */
async function overFixtures(folder: string, ask: (context: AnswerContext, fixtureStore: Store) => Promise<void>): Promise<void> {
  const fixtures = await keywordIndexOf([path.join(__dirname, "fixtures", folder)]);
  try {
    await ask({ ...context, store: fixtures.store }, fixtures.store);
  } finally {
    fixtures.remove();
  }
}

/** Runs `ask` over a keyword index of the articles in test/fixtures/values. */
const overValues = (ask: (context: AnswerContext, valuesStore: Store) => Promise<void>) => overFixtures("values", ask);

/** Runs `ask` over a keyword index of the articles in test/fixtures/newcomer. */
const overNewcomer = (ask: (context: AnswerContext, newcomerStore: Store) => Promise<void>) => overFixtures("newcomer", ask);

/** Answered, and the first quote is the sentence holding the answer. */
async function expectAnsweredWith(question: string, title: string, expected: RegExp) {
  const answer = await answerQuestion(context, question);
  expectAnswerInvariants(answer);
  expect(answer.answered, answer.text).toBe(true);
  expect(answer.quotes[0]?.text, answer.text).toMatch(expected);
  expect(answer.quotes[0]!.title).toBe(title);
  return answer;
}

describe("questions in other words than the article", () => {
  const paraphrased: [string, string, RegExp][] = [
    // "use … each day" for "carries … a day"
    ["How many vehicles use the bridge each day?", BRIDGE, /carries about 60,000 vehicles a day/],
    ["How much will the bridge repairs cost?", BRIDGE, /will cost \$4\.5 million/],
    // An amount in pounds is money too: "how much … cost" is refused without one.
    ["How much will the refit of the Alder ferry cost?", FERRY, /will cost £1\.2m/],
    // "going to" is the future, no question word
    ["How much is the ferry engine overhaul going to cost?", FERRY, /will cost £1\.2m/],
    // "what's … price" asks for an amount, as "what is … price" does
    ["What's the price of the bridge repairs?", BRIDGE, /will cost \$4\.5 million/],
    // "fixing" for "repairs"
    ["How much will fixing the bridge cost?", BRIDGE, /will cost \$4\.5 million/],
    ["How many homes will the solar farm power?", SOLAR, /power about 120,000 homes/],
    // "buy" for "purchased"
    ["When did the city buy the land?", RAIL_YARD, /purchased the land from Northline Railway on 14 October 2026/],
    ["When did Ashford buy the rail yard?", RAIL_YARD, /purchased the land from Northline Railway on 14 October 2026/],
    // "get" says nothing a sentence would ("gets" is in the ferry story's headline)
    ["When did the city get the land?", RAIL_YARD, /purchased the land from Northline Railway on 14 October 2026/],
    ["How many vehicles get across the bridge each day?", BRIDGE, /carries about 60,000 vehicles a day/],
    // "died" and "perished" for "were killed"
    ["How many workers died in the scaffolding collapse?", SCAFFOLD, /Three workers were killed/],
    ["How many workers perished when the scaffolding collapsed?", SCAFFOLD, /Three workers were killed/],
    // "labourers", a word no article uses, for "workers"
    ["How many labourers died in the scaffolding collapse?", SCAFFOLD, /Three workers were killed/],
    // "people" for "workers", "died" for "were killed"
    ["How many people died when the scaffolding fell in Dunmore?", SCAFFOLD, /Three workers were killed/],
    // "pay" for "price … paid"
    ["How much did the city pay for the rail yard?", RAIL_YARD, /\$3\.2 million/],
    ["What did Ashford pay for the Harper Road rail yard?", RAIL_YARD, /\$3\.2 million/],
    ["What percentage of the solar farm site will stay pasture?", SOLAR, /35 percent of the site will be kept as pasture/],
    // a duration answers "how much longer"
    ["How much longer will drivers travel during the closure?", BRIDGE, /add about 15 minutes to journeys/],
  ];
  it("reads a phrasal verb as one word: “stepped down” is “resigned”", async () => {
    const answer = await answerQuestion(context, "Who stepped down at Carrick Construction?");
    expectAnswerInvariants(answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes.map((quote) => quote.text).join("\n")).toMatch(/Dana Whitfield, resigned/);
  });

  it("matches a related phrasal verb as its two words: “resigned” is answered by “stepped down”", async () => {
    const evidence = await gatherEvidence(context, "Which captain of the Alder ferry resigned?");
    expect(evidence.candidates[0]?.text).toMatch(/Tom Reddy, stepped down/);
    expect([...evidence.candidates[0]!.matched]).toContain(matchStemOf("resigned"));
    const answer = await answerQuestion(context, "Which captain of the Alder ferry resigned?");
    expectAnswerInvariants(answer);
    expect(answer.quotes.map((quote) => quote.text).join("\n"), answer.text).toMatch(/Tom Reddy, stepped down/);
  });

  it.each(paraphrased)("%s", async (question, title, expected) => {
    await expectAnsweredWith(question, title, expected);
  });

  it("counts an irregular past of a related word: 'found' for 'discover' (a synonym of 'find')", async () => {
    const evidence = await gatherEvidence(context, "What did engineers discover in the bridge piers?");
    expect(evidence.candidates[0]?.text).toMatch(/^Engineers found corroded steel/);
    expect([...evidence.candidates[0]!.matched]).toContain(matchStemOf("discover"));
  });

  it("quotes both sentences the words tie on: 'How will the repairs be paid for?'", async () => {
    // "The bridge … will close … for … structural repairs" and "The repairs will cost $4.5 million, most of it
    // covered by a state infrastructure grant" hold the same words of the question; only the second answers.
    const answer = await answerQuestion(context, "How will the repairs be paid for?");
    expectAnswerInvariants(answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes.map((quote) => quote.text).join("\n")).toMatch(/covered by a state infrastructure grant/);
  });

  it("answers a yes-or-no question with the opposite: 'Did the zoo stay open?' by 'keepers closed the zoo'", async () => {
    await expectAnsweredWith("Did the zoo stay open after the escape?", ZOO, /keepers closed the zoo to visitors/);
    // Only a yes-or-no question is answered by the opposite: "closed" does not answer "why … open".
    const open = matchStemOf("open");
    const polar = await gatherEvidence(context, "Did the zoo stay open after the escape?");
    const why = await gatherEvidence(context, "Why did the zoo stay open after the escape?");
    const closedSentence = (candidates: typeof polar.candidates) => candidates.find((candidate) => /keepers closed the zoo/.test(candidate.text))!;
    expect([...closedSentence(polar.candidates).matched]).toContain(open);
    expect([...closedSentence(why.candidates).matched]).not.toContain(open);
  });

  it("counts a word spelled the other side of the Atlantic as the word itself: 'harbor' for 'harbour'", async () => {
    const american = await gatherEvidence(context, "What is the harbor trust paying for?");
    const british = await gatherEvidence(context, "What is the harbour trust paying for?");
    expect(american.candidates[0]!.text).toMatch(/paid from the harbour trust/);
    expect(american.candidates[0]!.coverage).toBeCloseTo(british.candidates[0]!.coverage);
  });

  it("counts the other number of an irregular noun as the word itself: 'child' for 'children'", async () => {
    const answer = await expectAnsweredWith("Which child spotted the red panda?", ZOO, /Two children walking by with their parents spotted it first/);
    expect(answer.quotes[0]!.text).toMatch(/^The animal that escaped the zoo, a young red panda/);
  });

  it("the answer to 'how many were hurt' is among the quotes", async () => {
    const answer = await answerQuestion(context, "How many workers were hurt in Dunmore?");
    expectAnswerInvariants(answer);
    expect(answer.answered).toBe(true);
    expect(answer.quotes.some((quote) => /Two other workers were taken to hospital with serious injuries/.test(quote.text)), answer.text).toBe(true);
  });
});

describe("two articles of one story", () => {
  // Both articles say "closed" and "storm" throughout, so those words tell sentences apart little; "shut", which
  // neither uses, must weigh as little, or no sentence covers enough of the question.
  let oneStory: Store;
  let removeOneStory: () => void;
  let oneStoryContext: AnswerContext;

  beforeAll(async () => {
    ({ store: oneStory, remove: removeOneStory } = await keywordIndexOf([path.join(__dirname, "fixtures/said-otherwise")]));
    oneStoryContext = { ...context, store: oneStory };
  });

  afterAll(() => removeOneStory());

  it.each([
    ["Which bridges were shut?", /The storm closed the Quay Bridge and the Mill Bridge/],
    ["Which school was shut?", /closed shops and a school/],
  ])("a word no article uses is said in their words: %s", async (question, expected) => {
    const answer = await answerQuestion(oneStoryContext, question);
    expectAnswerInvariantsOf(oneStory, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text).toMatch(expected);
  });

  it.each(["Which ferries were cancelled?", "Which bridges did the storm shut in Dunmore?"])(
    "a word no article uses is refused when neither it nor a name the question gives is in them: %s",
    async (question) => {
      const answer = await answerQuestion(oneStoryContext, question);
      expect(answer.answered, answer.text).toBe(false);
    },
  );

  it("reads 'done' as no question word: 'How much damage was done?' where another sentence says 'can be done'", async () => {
    const answer = await answerQuestion(oneStoryContext, "How much damage was done?");
    expectAnswerInvariantsOf(oneStory, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text).toMatch(/put the damage to the harbour district at about £2m/);
  });
});

describe("a best sentence holding the asked-for answer", () => {
  it("answers with a little less of the question's words: 'led' where the article says 'chaired'", async () => {
    const evidence = await gatherEvidence(context, "Who led the council meeting?");
    const best = evidence.candidates[0]!;
    expect(best.text).toMatch(/Priya Nandakumar, .* chaired the council meeting/);
    expect(best.answer).not.toBeNull();
    // A gate wanting a little more than the sentence covers (its article arm shut) answers for its typed answer only.
    const gate = { ...EVIDENCE_GATE, sentence: best.coverage + EVIDENCE_GATE.typedAnswer / 2, supportedSentence: 1 };
    const tuned = { ...context, tuning: { ...DEFAULT_TUNING, gate } };
    expect(answerFromEvidence(tuned, evidence).answered).toBe(true);
    expect(answerFromEvidence(tuned, { ...evidence, candidates: [{ ...best, answer: null }, ...evidence.candidates.slice(1)] }).answered).toBe(false);
    await expectAnsweredWith("Who led the council meeting?", BRIDGE, /Priya Nandakumar, .* chaired the council meeting/);
    await expectAnsweredWith("How long will the bridge be shut?", BRIDGE, /for six months of structural repairs/);
  });

  it("only when the sentence holds an answer of the asked type", () => {
    const evidence = { coverage: EVIDENCE_GATE.sentence - EVIDENCE_GATE.typedAnswer, counted: false, articleCoverage: 0, articlePhrase: false, articleHoldsEvery: false, terms: 3, similarity: null };
    expect(passesGate(EVIDENCE_GATE, { ...evidence, typed: true })).toBe(true);
    expect(passesGate(EVIDENCE_GATE, { ...evidence, typed: false })).toBe(false);
  });
});

describe("a question in an article", () => {
  it("is never quoted: it asks, it answers nothing", async () => {
    const answer = await answerQuestion(context, "Will the Alder library open on Sundays all year?");
    expectAnswerInvariants(answer);
    expect(answer.answered).toBe(true);
    expect(answer.quotes.map((quote) => quote.text)).not.toContainEqual(expect.stringContaining("Will the library open on Sundays all year?"));
    const evidence = await gatherEvidence(context, "Will the Alder library open on Sundays all year?");
    expect(evidence.candidates.filter((candidate) => candidate.text.trim().endsWith("?"))).toEqual([]);
  });
});

describe("'Which animal…?'", () => {
  it("prefers the sentence naming a kind of animal to the one restating the question", async () => {
    const evidence = await gatherEvidence(context, "Which animal escaped from the Marlow Park zoo?");
    expect(evidence.candidates[0]?.text).toMatch(/a young red panda/);
    const answer = await answerQuestion(context, "Which animal escaped from the Marlow Park zoo?");
    expectAnswerInvariants(answer);
    expect(answer.quotes.map((quote) => quote.text).join("\n")).toMatch(/a young red panda/);
  });

  it("counts a sentence naming a kind of what is asked for as holding the asked word", async () => {
    // The article never says "mammal": a red panda is one, several steps down in WordNet.
    for (const question of ["Which mammal escaped from the zoo?", "What kind of mammal was found asleep in a tree?"]) {
      const evidence = await gatherEvidence(context, question);
      const panda = evidence.candidates.find((candidate) => /a young red panda/.test(candidate.text));
      expect(panda?.matched.has(matchStemOf("mammal")), question).toBe(true);
      const answer = await answerQuestion(context, question);
      expectAnswerInvariants(answer);
      expect(answer.quotes.map((quote) => quote.text).join("\n"), question).toMatch(/a young red panda/);
    }
    // A sentence naming none is not credited: an animal is no kind of mammal.
    const evidence = await gatherEvidence(context, "Which mammal escaped from the zoo?");
    const restating = evidence.candidates.find((candidate) => candidate.text.startsWith("An animal escaped from its enclosure"));
    expect(restating?.matched).toEqual(new Set([matchStemOf("escaped"), matchStemOf("zoo")]));
  });
});

describe("'Who…?'", () => {
  it("does not take the outlet named in its own dateline for the answer", async () => {
    const question = "Who will be the new captain of the Alder ferry?";
    const evidence = await gatherEvidence(context, question);
    expect(evidence.candidates.map((candidate) => candidate.answer)).not.toContain("riverside gazette");
    const answer = await answerQuestion(context, question);
    expectAnswerInvariants(answer);
    expect(answer.quotes.map((quote) => quote.text).join("\n")).toMatch(/Maria Okafor/);
  });

  it("is not answered by a name holding a figure, as a virus's is", async () => {
    const names = await keywordIndexOf([path.join(__dirname, "fixtures/names")]);
    try {
      const ask = { ...context, store: names.store };
      const evidence = await gatherEvidence(ask, "Who developed the nasal vaccine?");
      expect(evidence.candidates.map((candidate) => candidate.answer)).not.toContain("h5n1");
      const answer = await answerQuestion(ask, "Who developed the nasal vaccine?");
      expectAnswerInvariantsOf(names.store, answer);
      expect(answer.quotes[0]?.text, answer.text).toMatch(/^The vaccine, developed by the biotech firm Corvane/);
    } finally {
      names.remove();
    }
  });
});

describe("'Why…?'", () => {
  it("quotes the sentence giving a cause, though it leaves its subject to the title", async () => {
    for (const question of ["Why is the cannery closing?", "Why are the cannery owners closing it?"]) {
      const answer = await answerQuestion(context, question);
      expectAnswerInvariants(answer);
      expect(answer.answered, answer.text).toBe(true);
      expect(answer.quotes.map((quote) => quote.text).join("\n"), question).toMatch(/The owners blamed rising costs and a year of falling orders/);
    }
  });
});

describe("'How many X…?'", () => {
  it("takes a number counting X for the answer, not one counting something else", async () => {
    const evidence = await gatherEvidence(context, "How many workers will lose their jobs at the Alder cannery?");
    const answerIn = (pattern: RegExp) => evidence.candidates.find((candidate) => pattern.test(candidate.text))?.answer;
    expect(answerIn(/340 workers/)).toBe("340");
    expect(answerIn(/2 production lines/)).toBeNull();
  });

  it("counts X in 'How many of the cannery's X…?' too, not 'of'", async () => {
    const evidence = await gatherEvidence(context, "How many of the Alder cannery's workers will lose their jobs?");
    const answerIn = (pattern: RegExp) => evidence.candidates.find((candidate) => pattern.test(candidate.text))?.answer;
    expect(answerIn(/340 workers/)).toBe("340");
    expect(answerIn(/2 production lines/)).toBeNull();
  });

  it("answers when a further quoted sentence gives the number the best one lacks", async () => {
    const answer = await answerQuestion(context, "How many workers does the Alder cannery have?");
    expectAnswerInvariants(answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes.map((quote) => quote.text).join("\n")).toMatch(/The cannery employs 340 workers/);
  });

  it("quotes the number from the best sentence's article when no sentence scored near it gives one", async () => {
    // The best sentence restates the question ("…will shut its 2 production lines… its workers will lose their
    // jobs") without the count; "The cannery employs 340 workers." scores far below it.
    const answer = await answerQuestion(context, "How many workers will lose their jobs when the Alder cannery shuts its production lines?");
    expectAnswerInvariants(answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes.map((quote) => quote.text)).toEqual(["The Alder cannery will shut its 2 production lines in March and its workers will lose their jobs.", "The cannery employs 340 workers."]);
  });

  it("takes a number counting a broader word: '340 workers' counts employees", async () => {
    const evidence = await gatherEvidence(context, "How many employees will lose their jobs at the Alder cannery?");
    const answerIn = (pattern: RegExp) => evidence.candidates.find((candidate) => pattern.test(candidate.text))?.answer;
    expect(answerIn(/340 workers/)).toBe("340");
    expect(answerIn(/2 production lines/)).toBeNull();
  });
});

describe("'How old…?' and 'how much money…?'", () => {
  // The words asking for the amount are not searched: "old" and "money" are seldom written beside the answer.
  it("answers over articles that never write the asking word", async () => {
    await overValues(async (ask, valuesStore) => {
      for (const [question, expected] of [
        ["How old is Marchetti?", /^Marchetti, 24, scored 31 goals/],
        ["How much money did shops lose?", /retailers lost around £300 million/],
      ] as const) {
        const answer = await answerQuestion(ask, question);
        expectAnswerInvariantsOf(valuesStore, answer);
        expect(answer.quotes[0]?.text, `${question} ${answer.text}`).toMatch(expected);
      }
    });
  });
});

describe("'How many X…?' answered by a number counting X", () => {
  it("answers with a little less of the question's words than another answer of the asked type needs", async () => {
    const evidence = { coverage: EVIDENCE_GATE.sentence - EVIDENCE_GATE.countedAnswer, typed: true, articleCoverage: 0, articlePhrase: false, articleHoldsEvery: false, terms: 3, similarity: null };
    expect(passesGate(EVIDENCE_GATE, { ...evidence, counted: true })).toBe(true);
    expect(passesGate(EVIDENCE_GATE, { ...evidence, counted: false })).toBe(false);
  });

  it("quotes '400 firefighters … working to stop the flames' for firefighters 'fighting the fire', and refuses homes no number counts", async () => {
    await overValues(async (ask, valuesStore) => {
      const answered = await answerQuestion(ask, "How many firefighters are fighting the fire?");
      expectAnswerInvariantsOf(valuesStore, answered);
      expect(answered.quotes[0]?.text, answered.text).toMatch(/^More than 400 firefighters, supported by eight water-dropping helicopters/);
      const refused = await answerQuestion(ask, "How many homes did the fire destroy?");
      expect(refused.answered, refused.text).toBe(false);
    });
  });
});

describe("a question whose words the articles never use", () => {
  it("searches them as the related words the articles do use: \"injured\" finds \"injuries\", \"died\" finds \"killed\"", async () => {
    for (const question of ["How many were injured?", "How many died?"]) {
      const keywordsOnly = await searchHybrid(store, null, { query: question, limit: 8 });
      expect(keywordsOnly.passages, question).toEqual([]);
    }
    await expectAnsweredWith("How many were injured?", SCAFFOLD, /^Two other workers were taken to hospital with serious injuries/);
    await expectAnsweredWith("How many died?", SCAFFOLD, /^Three workers were killed/);
  });

  it("searches the other words without making them question words", async () => {
    const result = await searchHybrid(store, null, { query: "How many were injured?", limit: 8, otherWords: ["injury"] });
    expect(result.terms.map((term) => term.word)).toEqual(["injured"]);
    expect(result.passages.map((passage) => passage.chunk.text).join("\n")).toMatch(/serious injuries/);
  });
});

describe("'What happens…?'", () => {
  it("is answered by what the article says will happen, though it never says \"happens\"", async () => {
    await overValues(async (ask, valuesStore) => {
      const answer = await answerQuestion(ask, "What happens to the libraries?");
      expectAnswerInvariantsOf(valuesStore, answer);
      expect(answer.quotes[0]?.text, answer.text).toMatch(/^Two libraries that had been earmarked for closure will stay open/);
    });
  });
});

describe("'When…?' and 'What year…?'", () => {
  const answersOf = async (question: string) => (await gatherEvidence(context, question)).candidates.map((candidate) => candidate.answer);

  it("takes a date for the answer, not the weekday the news broke on", async () => {
    const evidence = await gatherEvidence(context, "When will the Alder cannery shut?");
    const answerIn = (pattern: RegExp) => evidence.candidates.find((candidate) => pattern.test(candidate.text))?.answer;
    expect(answerIn(/production lines in March/)).toBe("march");
    expect(answerIn(/workers on Tuesday/)).toBeNull();
  });

  it("takes only a year for the answer to 'What year…?'", async () => {
    const answers = await answersOf("What year did the Alder cannery open?");
    expect(answers).toContain("1964");
    expect(answers).not.toContain("march");
  });
});

describe("a sentence model at the evidence gate", () => {
  // "asleep" is not "sleep": keyword-only, the sentence covers too little of this short question to answer it.
  const question = "Where did the panda sleep?";
  /** Two-dimensional "embeddings": the question and, when `related`, texts naming the panda on one axis; the rest on the other. */
  const embedderSaying = (related: boolean): Embedder => ({
    model: "test/two-axes",
    dimensions: 2,
    embed: async (texts, kind) =>
      texts.map((text) => (kind === "query" || (related && /panda/i.test(text)) ? new Float32Array([1, 0]) : new Float32Array([0, 1]))),
  });

  it("answers when the model finds the sentence close in meaning, and refuses when it does not", async () => {
    expect((await answerQuestion(context, question)).answered).toBe(false);
    const close = await answerQuestion({ ...context, embedder: embedderSaying(true) }, question);
    expectAnswerInvariants(close);
    expect(close.answered, close.text).toBe(true);
    expect(close.quotes.map((quote) => quote.text).join("\n")).toMatch(/asleep in a tree/);
    expect((await answerQuestion({ ...context, embedder: embedderSaying(false) }, question)).answered).toBe(false);
  });
});

describe("questions the articles cannot answer", () => {
  const offTopic = [
    "What is the capital of Mongolia?",
    "Who won the 1998 World Cup?",
    "How many moons does Jupiter have?",
    "What did the Pope say about climate change?",
    // Near misses: they share a place or a word with an article that cannot answer them.
    "Who won the Ashford marathon?",
    "When will the Dunmore library reopen?",
    "How much did the new school in Ashford cost?",
    "What did the mayor say about the football stadium?",
    "How many people live in Dunmore?",
    "Which company will repaint the bridge?",
    // Every word in one sentence, but no number (or year) there to answer with.
    "What year did an animal escape from the Marlow Park zoo?",
    "How many visitors were at the Marlow Park zoo when the animal escaped?",
    "How many keepers searched for the escaped animal at the Marlow Park zoo?",
    "How much did closing the Marlow Park zoo for the afternoon cost?",
    "How many trucks use Ridge Road?",
    // A value in the best sentence's article, but in a sentence sharing little more than "cost" with the question:
    // the $4.5 million is the bridge repairs'.
    "How much will Mill Lane crossing improvements cost?",
    // What is asked for is a kind of thing no article names: the question's other words are all there.
    "Which charity runs the Marlow Park zoo?",
    "Which contractor will carry out the Kestrel Street Bridge repairs?",
    "Which union represents the Alder cannery workers?",
  ];
  it.each(offTopic)("refuses: %s", async (question) => {
    const answer = await answerQuestion(context, question);
    expectAnswerInvariants(answer);
    expect(answer.answered, answer.text).toBe(false);
    expect(answer.text).toMatch(/couldn't find that in the articles/);
  });
});

describe("over our benchmark's written articles", () => {
  let removeWritten: () => void;
  let written: AnswerContext;
  beforeAll(async () => {
    const index = await keywordIndexOf([path.join(ROOT, "bench/written/articles")]);
    removeWritten = index.remove;
    written = { ...context, store: index.store };
  });
  afterAll(() => removeWritten());

  it("takes a sum for no question: 'What is 2+2?' gets the hint, not the cup final that 'ended 2-2'", async () => {
    for (const question of ["What is 2+2?", "what's 5 * 3"]) {
      const answer = await answerQuestion(written, question);
      expect(answer.answered, answer.text).toBe(false);
      expect(answer.text).toMatch(/Ask me something/);
    }
  });

  describe("a value from another article than the best sentence's", () => {
    // The story of Brenneke Components' plant gives no head count, Quillon's does.
    it("answers only when it names what the question names", async () => {
      const other = await answerQuestion(written, "How many people does Brenneke Components employ worldwide?");
      expectAnswerInvariantsOf(written.store, other);
      expect(other.answered, other.text).toBe(false);
      const own = await answerQuestion(written, "How many people does Quillon employ?");
      expectAnswerInvariantsOf(written.store, own);
      expect(own.quotes.map((quote) => quote.text).join("\n"), own.text).toMatch(/employs about 450 people/);
    });
  });

  describe("a question naming what only one story names", () => {
    // The obituary shares "first", "stepped down" and a date with these (enough to be quoted beside them), the battery
    // plant's story "the first casings … in spring 2028", but neither names Brambleford or Tellwick.
    it.each([
      ["When could people move into the first homes at Brambleford Farm?", "Oakhallow Advertiser"],
      ["When will Tellwick's managing director step down?", "Midlands Business Wire"],
    ])("quotes no article that never names it: %s", async (question, outlet) => {
      const answer = await answerQuestion(written, question);
      expectAnswerInvariantsOf(written.store, answer);
      expect(answer.quotes.map((quote) => quote.source), answer.text).toEqual(answer.quotes.map(() => outlet));
    });

    it("answers from the story it names", async () => {
      // Brambleford's is refused: its best sentence is the battery plant's, once the night of the planning vote
      // ("on Wednesday night") no longer passes for a date.
      const answer = await answerQuestion(written, "When will Tellwick's managing director step down?");
      expect(answer.answered, answer.text).toBe(true);
    });
  });

  it("leads with the best sentence's article, not the newest: 'Which union called the strike?'", async () => {
    // Two newer stories' sentences (a councillor's, another union's) had come before the Royal Guild of Nurses.
    const answer = await answerQuestion(written, "Which union called the strike?");
    expectAnswerInvariantsOf(written.store, answer);
    expect(new Set(answer.quotes.map((quote) => quote.title)).size, answer.text).toBeGreaterThan(1);
    expect(answer.quotes[0]!.text, answer.text).toMatch(/called by the Royal Guild of Nurses/);
  });

  describe("a length of time", () => {
    it("answers 'How long…?' with one unit of time: 'a decade'", async () => {
      // wink reads "decade" alone as a length of time and "a decade" as none, so no quote gave a value and it was refused.
      const answer = await answerQuestion(written, "How long will fish stocks take to recover?");
      expectAnswerInvariantsOf(written.store, answer);
      expect(answer.quotes.map((quote) => quote.text).join("\n"), answer.text).toMatch(/would take a decade to recover/);
    });
  });

  describe("a number counting something else than what is asked", () => {
    // The line's story gives journeys, stations and a cost, the housing one votes, homes and a price: no number of
    // trains or of bedrooms.
    const uncounted = ["How many trains does Northshire Rail use to run the Wendle Valley Line?", "How many bedrooms will the houses at Brambleford Farm in Oakhallow have?"];
    it.each(uncounted)("refuses: %s", async (question) => {
      const evidence = await gatherEvidence(written, question);
      expect(evidence.candidates[0]!.answer).not.toBeNull();
      const answer = await answerQuestion(written, question);
      expectAnswerInvariantsOf(written.store, answer);
      expect(answer.answered, answer.text).toBe(false);
    });

    it("counts the noun before a verb wink tags a noun and a name: 'How many cyclists use Sandpit Lane?'", async () => {
      // Read as counting "Lane", it was refused: no sentence counts lanes.
      const answer = await answerQuestion(written, "How many cyclists use Sandpit Lane?");
      expectAnswerInvariantsOf(written.store, answer);
      expect(answer.quotes.map((quote) => quote.text).join("\n"), answer.text).toMatch(/around 300 cyclists a week/);
    });

    it("still takes any kind of the persons asked for: '148 pupils' for children", async () => {
      const answer = await answerQuestion(written, "How many children are currently enrolled at Harbour Lane Primary School?");
      expectAnswerInvariantsOf(written.store, answer);
      expect(answer.quotes.map((quote) => quote.text).join("\n"), answer.text).toMatch(/148 pupils/);
    });

    it("takes a number given as 'the number of X', and any number of a sentence covering the question", async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-number-of-"));
      fs.writeFileSync(
        path.join(folder, "bypass.md"),
        "---\ntitle: Tapley bypass safety review\npublished: 2026-11-20T09:00:00Z\nsource: Valley Courier\nurl: https://valley-courier.example.test/tapley-bypass\n---\n\n" +
          "Some counts put the number of crashes on the Tapley bypass at 212 since it opened in 2015.\n\nThe speed cameras on the bypass were removed in 2019, and the road carries about 18,000 vehicles a day.\n\nThe old Tapley estate, which the bypass crosses, was divided into four plots in 1921.\n",
      );
      const index = await keywordIndexOf([folder]);
      try {
        const answer = await answerQuestion({ ...context, store: index.store }, "How many crashes have there been on the Tapley bypass since the speed cameras were removed?");
        expectAnswerInvariantsOf(index.store, answer);
        expect(answer.quotes.map((quote) => quote.text).join("\n"), answer.text).toMatch(/number of crashes on the Tapley bypass at 212/);
        // A sentence covering the question on its own answers it, whatever its number counts.
        const divided = await answerQuestion({ ...context, store: index.store }, "How many ways was the old Tapley estate divided?");
        expectAnswerInvariantsOf(index.store, divided);
        expect(divided.quotes.map((quote) => quote.text).join("\n"), divided.text).toMatch(/divided into four plots/);
      } finally {
        index.remove();
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  describe("asked in a reader's words", () => {
    it("answers 'passed away' with 'has died'", async () => {
      const answer = await answerQuestion(written, "How old was Gerald Pennock when he passed away?");
      expectAnswerInvariantsOf(written.store, answer);
      expect(answer.quotes.map((quote) => quote.text).join("\n"), answer.text).toMatch(/has died aged 87/);
    });

    it("answers 'how fast' with a number given as a speed, not with a count of riders", async () => {
      const question = "How fast was the car going when it hit the group of Fennick Wheelers riders?";
      const evidence = await gatherEvidence(written, question);
      // The best sentence shares the question's riders and club but counts them: "with four other members".
      expect(evidence.candidates.find((candidate) => /four other members/.test(candidate.text))!.answer).toBeNull();
      const answer = await answerQuestion(written, question);
      expectAnswerInvariantsOf(written.store, answer);
      expect(answer.quotes.map((quote) => quote.text).join("\n"), answer.text).toMatch(/travelling at 74mph/);
    });

    it("answers 'which town…?' with the name the article calls a town, not a school's", async () => {
      const answer = await answerQuestion(written, "Apart from Ossingford, which town's schools were part of the trial?");
      expectAnswerInvariantsOf(written.store, answer);
      expect(answer.quotes[0]!.text, answer.text).toMatch(/neighbouring town of Draycombe/);
    });

    it("answers 'How many operations…?' with no amount of money: not another story's '£212 million' operating profit", async () => {
      const question = "How many operations were cancelled because of the strike?";
      const evidence = await gatherEvidence(written, question);
      expect(evidence.candidates.find((candidate) => /operating profit of £212 million/.test(candidate.text))!.answer).toBeNull();
      const answer = await answerQuestion(written, question);
      expectAnswerInvariantsOf(written.store, answer);
      const quoted = answer.quotes.map((quote) => quote.text).join("\n");
      expect(quoted, answer.text).toMatch(/operations had been postponed for about 340 patients/);
      expect(quoted, answer.text).not.toMatch(/operating profit/);
    });

    it("takes a number counting what is asked in other words from the best sentence's article: '420 homes' for houses", async () => {
      const question = "How many houses are going to be built at Brambleford Farm in Oakhallow?";
      const evidence = await gatherEvidence(written, question);
      // The best sentence, on the planning vote, gives no number; the one counting homes shares little else with it.
      expect(evidence.candidates[0]!.answer).toBeNull();
      const homes = evidence.candidates.find((candidate) => /^Plans for 420 homes/.test(candidate.text))!;
      expect(homes.answerCounts).toBe(true);
      expect(homes.coverage).toBeLessThan(evidence.candidates[0]!.coverage / 2);
      const answer = await answerQuestion(written, question);
      expectAnswerInvariantsOf(written.store, answer);
      expect(answer.quotes.map((quote) => quote.text).join("\n"), answer.text).toMatch(/Plans for 420 homes/);
    });
  });
});

describe("an article holding the question's words only apart", () => {
  // The solar farm article holds every word of each, yet says nothing of trucks employed or power sold.
  const scattered = ["How many trucks will the developer employ?", "Will the energy developer sell power to the county?"];
  it.each(scattered)("does not answer by the article's coverage alone: %s", async (question) => {
    const evidence = await gatherEvidence(context, question);
    expect(evidence.candidates[0]?.passage.article.title).toBe(SOLAR);
    expect(evidence.candidates[0]!.coverage).toBeGreaterThanOrEqual(EVIDENCE_GATE.supportedSentence);
    expect(evidence.articleCoverage).toBeGreaterThanOrEqual(EVIDENCE_GATE.article);
    expect(evidence.terms).toBeGreaterThanOrEqual(EVIDENCE_GATE.supportedTerms);
    expect(evidence.articlePhrase).toBe(false);
    const answer = await answerQuestion(context, question);
    expectAnswerInvariants(answer);
    expect(answer.answered, answer.text).toBe(false);
  });

  it("the article arm needs two of the question's words together in the article, or an answer of the asked type", () => {
    const evidence = { coverage: EVIDENCE_GATE.supportedSentence, counted: false, articleCoverage: EVIDENCE_GATE.article, articleHoldsEvery: false, terms: EVIDENCE_GATE.supportedTerms, similarity: null };
    expect(passesGate(EVIDENCE_GATE, { ...evidence, articlePhrase: true, typed: false })).toBe(true);
    expect(passesGate(EVIDENCE_GATE, { ...evidence, articlePhrase: false, typed: true })).toBe(true);
    expect(passesGate(EVIDENCE_GATE, { ...evidence, articlePhrase: false, typed: false })).toBe(false);
  });
});

describe("a short question whose words one article holds all of", () => {
  it("answers from a sentence holding most of it and an answer of the asked type", async () => {
    const evidence = await gatherEvidence(context, "Who is developing the solar farm?");
    expect(evidence.terms).toBeLessThan(EVIDENCE_GATE.supportedTerms);
    expect(evidence.articleCoverage).toBe(1);
    const answer = await answerQuestion(context, "Who is developing the solar farm?");
    expectAnswerInvariants(answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes.map((quote) => quote.text).join("\n")).toMatch(/The developer, Brightfield Energy/);
  });

  it("not when the article holds only most of its words", () => {
    const evidence = { coverage: EVIDENCE_GATE.supportedSentence, articleCoverage: 0.9, articlePhrase: true, typed: true, counted: false, terms: 3, similarity: null };
    expect(passesGate(EVIDENCE_GATE, { ...evidence, articleHoldsEvery: true })).toBe(true);
    expect(passesGate(EVIDENCE_GATE, { ...evidence, articleHoldsEvery: false })).toBe(false);
  });

  it("counts a word the article says otherwise: 'When did the Clearway outage start?' of 'The outage began at 9:15 a.m.'", async () => {
    await overValues(async (ask, valuesStore) => {
      const evidence = await gatherEvidence(ask, "When did the Clearway outage start?");
      expect(evidence.articleCoverage).toBeLessThan(1);
      expect(evidence.articleHoldsEvery).toBe(true);
      const answer = await answerQuestion(ask, "When did the Clearway outage start?");
      expectAnswerInvariantsOf(valuesStore, answer);
      expect(answer.quotes[0]?.text, answer.text).toMatch(/^The outage began at 9:15 a\.m\./);
    });
  });

  it("not for a question of two words: both in one article is chance", async () => {
    await overValues(async (ask, valuesStore) => {
      // The budget article names an opposition councillor and the council's leader, but no leader of the opposition.
      const opposition = await gatherEvidence(ask, "Who is the opposition leader?");
      expect(opposition.terms).toBe(2);
      expect(opposition.articleHoldsEvery).toBe(true);
      expect((await answerQuestion(ask, "Who is the opposition leader?")).answered).toBe(false);
      const leader = await answerQuestion(ask, "Who is the council leader?");
      expectAnswerInvariantsOf(valuesStore, leader);
      expect(leader.quotes[0]?.text, leader.text).toMatch(/The council's leader, Martin Hale/);
    });
  });
});

describe("'How many times…?' and 'How many people…?' counted as what happened", () => {
  it("counts the times in a noun of the question's own event: '23 illegal discharges', not 'alarms sounded 40 times'", async () => {
    await overNewcomer(async (ask) => {
      const evidence = await gatherEvidence(ask, "How many times did the Brackley works illegally release sewage?");
      expect(evidence.candidates[0]?.text).toMatch(/^The court heard that the Brackley treatment works made 23 illegal discharges/);
      expect(evidence.candidates[0]?.answer).toBe("23");
    });
  });

  it("counts people in a noun of what they did: '3,150 signatures', not '200 people marched'", async () => {
    await overNewcomer(async (ask, newcomerStore) => {
      const answer = await answerQuestion(ask, "How many people signed the petition?");
      expectAnswerInvariantsOf(newcomerStore, answer);
      expect(answer.quotes.map((quote) => quote.text)).toEqual(["A petition calling for the fine to be spent on the river had gathered 3,150 signatures by Friday."]);
    });
  });
});

describe("a noun ending in one 's'", () => {
  it("is its plural in '-es' too, which the stemmer splits from it: 'bus' in 'Tarnby Buses will end…'", async () => {
    await overNewcomer(async (ask) => {
      const evidence = await gatherEvidence(ask, "When will the evening bus services end?");
      expect(evidence.candidates[0]?.text).toMatch(/^Tarnby Buses will end evening services on nine routes from Sunday 10 January/);
      expect(evidence.candidates[0]?.matched.has(matchStemOf("bus"))).toBe(true);
      expect(evidence.candidates[0]?.coverage).toBeCloseTo(1);
    });
  });
});

describe("a question naming something the articles know", () => {
  it("is not answered from an article that never names it: Harrowfield's plea is not Colin Mayhew's", async () => {
    await overNewcomer(async (ask, newcomerStore) => {
      const refused = await answerQuestion(ask, "When did Harrowfield plead guilty?");
      expect(refused.answered, refused.text).toBe(false);
      const mayhew = await answerQuestion(ask, "When did Colin Mayhew plead guilty?");
      expectAnswerInvariantsOf(newcomerStore, mayhew);
      expect(mayhew.quotes[0]?.text, mayhew.text).toMatch(/^Ashby accountant Colin Mayhew pleaded guilty to fraud at Coldharbour Crown Court in October/);
    });
  });
});

describe("mentions in a channel question", () => {
  it("answers '@everyone <@123> …' exactly as the question without them", async () => {
    const plain = await answerQuestion(context, "what did the council say about the bridge?");
    const mentioned = await answerQuestion(context, "@everyone <@123> what did the council say about the bridge?");
    expect(plain.answered).toBe(true);
    expectAnswerInvariants(mentioned);
    expect(mentioned.answered).toBe(true);
    expect(mentioned.text).toBe(plain.text);
    expect(mentioned.quotes).toEqual(plain.quotes);
  });

  it("answers a contraction typed without its apostrophe as the contraction", async () => {
    const typed = await answerQuestion(context, "whats the bridge repair going to cost?");
    expectAnswerInvariants(typed);
    expect(typed.answered, typed.text).toBe(true);
    expect(typed.quotes.map((quote) => quote.text).join("\n")).toMatch(/The repairs will cost \$4\.5 million/);
    expect(typed.quotes).toEqual((await answerQuestion(context, "what's the bridge repair going to cost?")).quotes);
  });

  it("a question of only mentions is the empty question", async () => {
    const answer = await answerQuestion(context, "@here <@&456> <#789>");
    expect(answer.answered).toBe(false);
    expect(answer.text).toMatch(/Ask me something/);
  });
});

describe("acronyms the question types", () => {
  // Their own index: two bodies speaking on each of two subjects, the wrong one's article the newer.
  let acronyms: { store: Store; remove: () => void };
  const ask = (question: string) => answerQuestion({ ...context, store: acronyms.store }, question);
  beforeAll(async () => {
    acronyms = await keywordIndexOf([path.join(__dirname, "fixtures/acronyms")]);
  });
  afterAll(() => acronyms.remove());

  const titlesOf = (answer: Answer) => new Set(answer.quotes.map((quote) => quote.title));

  it.each([
    // "US" and "WHO" are no stop words here, and "U.S." no two letters: the body asked about is the answer.
    ["What did the US say about the steel tariffs?", "Washington defends its steel levies", /The U\.S\. said on Tuesday/],
    ["What did the U.S. say about the steel tariffs?", "Washington defends its steel levies", /The U\.S\. said on Tuesday/],
    // A name written out is its initials, either way round.
    ["What did the United States say about the steel tariffs?", "Washington defends its steel levies", /The U\.S\. said on Tuesday/],
    ["What did the WHO say about bird flu?", "Health agency says bird flu risk to the public stays low", /The World Health Organization said on Thursday/],
  ])("%s", async (question, title, expected) => {
    const answer = await ask(question);
    expectAnswerInvariantsOf(acronyms.store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(titlesOf(answer), answer.text).toEqual(new Set([title]));
    expect(answer.quotes[0]!.text).toMatch(expected);
  });

  it("the other body's question still quotes the other body", async () => {
    const answer = await ask("What did China say about the steel tariffs?");
    expect(titlesOf(answer), answer.text).toEqual(new Set(["Beijing answers the new steel tariffs"]));
  });
});

describe("'What did X say?'", () => {
  it("quotes the sentence where X speaks over one that only mentions X", async () => {
    const question = "What did Nandakumar say about the bridge?";
    // Keyword evidence alone does not prefer the speaking sentence: the mention holds every question word too.
    const { candidates } = await gatherEvidence(context, question);
    const mention = candidates.find((candidate) => /chaired the council meeting/.test(candidate.text));
    const speaking = candidates.find((candidate) => /safe to cross until March/.test(candidate.text));
    expect(mention!.coverage).toBeGreaterThanOrEqual(speaking!.coverage);
    const answer = await expectAnsweredWith(question, BRIDGE, /"The bridge is safe to cross until March, but not a day longer," Nandakumar said\./);
    expect(answer.quotes.some((quote) => /chaired the council meeting/.test(quote.text))).toBe(false);
  });

  it.each([
    "How did Mayor Brandt react to the closure?",
    "What was Mayor Brandt's reaction to the closure?",
    "What is Mayor Brandt's position on the closure?",
    "What are Mayor Brandt's views on the closure?",
    "What was Mayor Brandt's comment on the closure?",
    "Did Mayor Brandt comment on the closure?",
  ])(
    "answers '%s' with what he said, though no article writes 'react', 'position', 'views' or 'comment'",
    async (question) => {
      const answer = await answerQuestion(context, question);
      expectAnswerInvariants(answer);
      expect(answer.answered, answer.text).toBe(true);
      expect(answer.quotes[0]?.text, answer.text).toMatch(/Mayor Tom Brandt pushed back\.\s+"Closing it for half a year will hurt every shop/);
    },
  );

  it("quotes X's words in the sentence after 'X pushed back.'", async () => {
    const answer = await answerQuestion(context, "What did Mayor Brandt say about the bridge?");
    expectAnswerInvariants(answer);
    expect(answer.answered).toBe(true);
    expect(answer.quotes.some((quote) => /will hurt every shop on Kestrel Street/.test(quote.text)), answer.text).toBe(true);
  });

  it("reads 'What words did X use to describe…?' as 'What did X say?'", async () => {
    const answer = await answerQuestion(context, "What words did Mayor Brandt use to describe the closure?");
    expectAnswerInvariants(answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]!.text).toMatch(/will hurt every shop on Kestrel Street/);
  });
});

describe("day questions", () => {
  async function expectDayStories(question: string, day: string, titles: string[]) {
    const answer = await answerQuestion(context, question);
    expectAnswerInvariants(answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.text).not.toMatch(/Ask me something/);
    expect(answer.sources.every((source) => source.published?.startsWith(day)), answer.text).toBe(true);
    expect(new Set(answer.sources.map((source) => source.title))).toEqual(new Set(titles));
    expect(answer.quotes).toHaveLength(titles.length);
    return answer;
  }

  it("'What happened yesterday?' gives yesterday's stories, one quote each", async () => {
    const answer = await expectDayStories("What happened yesterday?", "2026-11-29", [BRIDGE, SCAFFOLD]);
    expect(answer.text).toMatch(/^Top stories on 29 Nov 2026:/);
  });

  it("'What's the news today?' gives today's", async () => {
    await expectDayStories("What's the news today?", "2026-11-30", [SOLAR]);
  });

  it("'What happened on 29 November?' gives that day's", async () => {
    await expectDayStories("What happened on 29 November?", "2026-11-29", [BRIDGE, SCAFFOLD]);
  });

  it("'What happened on Sunday?' gives the latest Sunday's; asked on a Monday, 'last Monday' is a week back", async () => {
    await expectDayStories("What happened on Sunday?", "2026-11-29", [BRIDGE, SCAFFOLD]);
    const answer = await answerQuestion(context, "What was the news last Monday?");
    expect(answer.answered).toBe(false);
    expect(answer.text).toMatch(/^No articles on 23 Nov 2026; the nearest are from /);
  });

  it("'What happened on 2026-11-29?' gives that day's: a day written as --as-of takes it", async () => {
    await expectDayStories("What happened on 2026-11-29?", "2026-11-29", [BRIDGE, SCAFFOLD]);
  });

  it("a day without articles says so, and names the nearest days that have some", async () => {
    const answer = await answerQuestion(context, "What happened on 2 November?");
    expect(answer.answered).toBe(false);
    expect(answer.quotes).toEqual([]);
    expect(answer.text).toBe("No articles on 2 Nov 2026; the nearest are from 15 Oct 2026 and 3 Nov 2026.");
  });

  it("the nearest days are the outlet's under an outlet filter", async () => {
    // Other outlets published on 28 and 30 November; the Ashford Tribune last on 20 November.
    const answer = await answerQuestion(context, "What happened yesterday?", { source: "Ashford Tribune" });
    expect(answer.answered).toBe(false);
    expect(answer.text).toBe("No articles on 29 Nov 2026 from Ashford Tribune; the latest are from 20 Nov 2026.");
  });

  it("a day question under an outlet filter keeps to that outlet", async () => {
    const answer = await answerQuestion(context, "What happened yesterday?", { source: "Harbour Courier" });
    expectAnswerInvariants(answer);
    expect(answer.sources.map((source) => source.title)).toEqual([SCAFFOLD]);
  });
});

describe("dates in the question", () => {
  it("a year still to come is when something happens, not when it was reported", async () => {
    // As a window, 2028 held no article: nothing is published before it comes.
    await expectAnsweredWith("How many homes will the solar farm power once it opens in 2028?", SOLAR, /power about 120,000 homes/);
  });

  it("'in May' in a question about what will happen is the coming May", async () => {
    // As the May past, it searched only articles of May 2026; the story was published in November.
    await expectAnsweredWith("Who will take the helm of the Alder ferry in May?", FERRY, /^Maria Okafor, who has piloted river boats/);
  });

  it("a past year no article was published in is answered by a quote that names it", async () => {
    // Told in 2026 ("…who has pressed for work on the bridge since 2024…"), though nothing was published in 2024.
    await expectAnsweredWith("Who pressed for work on the Kestrel Street Bridge in 2024?", BRIDGE, /pressed for work on the bridge since 2024/);
    // A quote that does not name the year leaves the refusal that points at the articles outside it.
    const answer = await answerQuestion(context, "How many homes will the solar farm power in 2025?");
    expectAnswerInvariants(answer);
    expect(answer.answered).toBe(false);
    expect(answer.text).toMatch(/^Nothing in 2025; one article outside that mentions it: “Work begins on Hollins Ridge solar farm”/);
  });

  it("a month no article was published in is answered by a quote that names it", async () => {
    // Nothing was published in May 2026 (nor is "takes" about what will happen): the November story names May.
    await expectAnsweredWith("Who takes the helm of the Alder ferry in May?", FERRY, /^Maria Okafor, who has piloted river boats/);
    await expectAnsweredWith("Who stepped down as captain of the Alder ferry in October?", FERRY, /Tom Reddy, stepped down in October/);
    const answer = await answerQuestion(context, "Who takes the helm of the Alder ferry in March?");
    expectAnswerInvariants(answer);
    expect(answer.answered).toBe(false);
    expect(answer.text).toMatch(/^Nothing in March 2026; one article outside that mentions it: “Alder ferry gets a new captain in May”/);
    // Asked in 2028, "in May" is May 2027: the story of November 2026 told of May 2026.
    const later = { ...context, clock: () => new Date("2028-03-01T12:00:00Z") };
    const afterIt = await answerQuestion(later, "Who takes the helm of the Alder ferry in May?");
    expectAnswerInvariants(afterIt);
    expect(afterIt.answered).toBe(false);
    expect(afterIt.text).toMatch(/^Nothing in May 2027; one article outside that mentions it: “Alder ferry gets a new captain in May”/);
  });

  it("last year is told by an article of this year as 'last year'", async () => {
    // Asked in 2026: the one article of 2025 is about the bridge; the library's of 2026 says "…books last year".
    await expectAnsweredWith("How many books did the Alder library lend last year?", LIBRARY, /lent about 84,000 books last year/);
    await expectAnsweredWith("How many books did the Alder library lend in 2025?", LIBRARY, /lent about 84,000 books last year/);
    // Asked in 2028, the same "last year" tells of 2025, not 2027.
    const later = { ...context, clock: () => new Date("2028-03-01T12:00:00Z") };
    const answer = await answerQuestion(later, "How many books did the Alder library lend last year?");
    expectAnswerInvariants(answer);
    expect(answer.answered).toBe(false);
    expect(answer.text).toMatch(/^Nothing in 2027; one article outside that mentions it: “Alder library extends its weekend hours”/);
  });

  it("last month and last week are told by an article of the month or week after", async () => {
    // Asked on 20 October, "last month" is September; the library's story of 15 October says "…last month".
    const october = { ...context, clock: () => new Date("2026-10-20T12:00:00Z") };
    const lastMonth = await answerQuestion(october, "How many readers asked the library for Sunday hours last month?");
    expectAnswerInvariants(lastMonth);
    expect(lastMonth.quotes.map((quote) => quote.text)).toContain("The board voted for the change last month, after 2,100 readers asked for Sunday hours in a survey.");
    // Asked on 16 October, "last week" is 5–11 October.
    const lastWeek = await answerQuestion({ ...context, clock: () => new Date("2026-10-16T12:00:00Z") }, "What went live at the Alder library last week?");
    expectAnswerInvariants(lastWeek);
    expect(lastWeek.quotes.map((quote) => quote.text)).toContain("Its new online catalogue went live last week.");
    // Asked in December, "last month" is November: the October story's "last month" was September.
    const december = await answerQuestion({ ...context, clock: () => new Date("2026-12-20T12:00:00Z") }, "How many readers asked the library for Sunday hours last month?");
    expectAnswerInvariants(december);
    expect(december.answered).toBe(false);
    expect(december.text).toMatch(/^Nothing in November 2026; one article outside that mentions it: “Alder library extends its weekend hours”/);
  });
});

describe("refusals say what was searched", () => {
  it("'in June' means this June, and the refusal points at the June that holds it", async () => {
    const answer = await answerQuestion(context, "What did the council say about the bridge in June?");
    expectAnswerInvariants(answer);
    expect(answer.answered).toBe(false);
    expect(answer.text).toMatch(/June 2026/);
    expect(answer.text).toContain(BRIDGE_2025);
    expect(answer.text).toMatch(/ask about June 2025/);
    const june2025 = await answerQuestion(context, "What did the council say about the bridge in June 2025?");
    expect(june2025.answered).toBe(true);
    expect(june2025.sources.map((source) => source.title)).toEqual([BRIDGE_2025]);
  });

  it("a question's day written as 2025-06-12 is the day searched", async () => {
    const answer = await answerQuestion(context, "What did the council hear about the bridge on 2025-06-12?");
    expectAnswerInvariants(answer);
    expect(answer.answered).toBe(true);
    expect(answer.sources.map((source) => source.title)).toEqual([BRIDGE_2025]);
    const dayBefore = await answerQuestion(context, "What did the council hear about the bridge on 2025-06-11?");
    expect(dayBefore.answered).toBe(false);
    expect(dayBefore.text).toMatch(/11 Jun 2025/);
  });

  it("a window with nothing anywhere names the window", async () => {
    const answer = await answerQuestion(context, "What did the council say about the bridge?", { since: "2026-01-01", until: "2026-01-31" });
    expect(answer.answered).toBe(false);
    expect(answer.text).toMatch(/January 2026/);
  });

  it("an outlet filter that excludes the answer names the outlet", async () => {
    const answer = await answerQuestion(context, "How many homes will the solar farm power?", { source: "Harbour Courier" });
    expect(answer.answered).toBe(false);
    expect(answer.text).toMatch(/Harbour Courier/);
    expect(answer.text).toContain(SOLAR);
  });

  it("a reversed --since/--until is one line that says to swap them", async () => {
    const options = { since: "2026-12-01", until: "2026-11-01" };
    expect(() => checkAskOptions(store, options)).toThrow(AskOptionsError);
    expect(() => checkAskOptions(store, options)).toThrow(/--since 2026-12-01 is after --until 2026-11-01: swap them/);
    const answer = await answerQuestion(context, "What did the council say about the bridge?", options);
    expect(answer.answered).toBe(false);
    expect(answer.text).toMatch(/swap them/);
    expect(answer.text).not.toContain("\n");
  });

  it("a --since after the question's own 'yesterday' says the two cannot both hold, not that nothing was found", async () => {
    const answer = await answerQuestion(context, "What did the council say about the bridge yesterday?", { since: "2026-12-01" });
    expect(answer).toMatchObject({ answered: false, quotes: [], sources: [] });
    expect(answer.text).toBe("“yesterday” in the question is on 29 Nov 2026, outside --since 2026-12-01: drop one of them.");
    const overlapping = await answerQuestion(context, "What did the council say about the bridge yesterday?", { since: "2026-11-01" });
    expect(overlapping.text).not.toMatch(/drop one of them/);
  });

  it("an unknown --source lists the outlets the index holds", async () => {
    expect(() => checkAskOptions(store, { source: "Daily Planet" })).toThrow(AskOptionsError);
    const answer = await answerQuestion(context, "What did the council say about the bridge?", { source: "Daily Planet" });
    expect(answer.answered).toBe(false);
    for (const outlet of ["Ashford Tribune", "Harbour Courier", "Riverside Gazette", "Valley Courier"]) expect(answer.text).toContain(outlet);
    expect(answer.text).toMatch(/Daily Planet/);
    // A known outlet, in any case and in part, is accepted.
    expect(() => checkAskOptions(store, { source: "valley" })).not.toThrow();
  });
});

describe("ask --as-of", () => {
  const run = (args: string[], input?: string) =>
    execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "src/cli/main.ts"), ...args], {
      cwd: ROOT,
      input,
      env: { ...process.env, INDEX_DIR: dir, EMBEDDING_MODEL_PATH: path.join(dir, "no-models"), LOG_LEVEL: "silent", DIGEST_TZ: "UTC" },
      encoding: "utf8",
    });

  it("'this week' is the week of the --as-of day", () => {
    // Sunday 29 November 2026: the week of 23–29 November holds the bridge, scaffolding and zoo stories, not Monday's solar farm.
    const answer = JSON.parse(run(["ask", "What happened this week?", "--as-of", "2026-11-29", "--json"]));
    expect(answer.answered).toBe(true);
    expect(new Set(answer.quotes.map((quote: { title: string }) => quote.title))).toEqual(new Set([BRIDGE, SCAFFOLD, ZOO]));
    expect(answer.text).toMatch(/between 23 Nov 2026 and 29 Nov 2026/);
  });

  it("each --batch line resolves against its own asOf", () => {
    const input = [
      { id: "rail", question: "What happened this week?", asOf: "2026-11-21" },
      { id: "bridge", question: "What happened yesterday?", asOf: "2026-11-30" },
      { id: "june", question: "What did the council say about the bridge in June?", asOf: "2025-07-01" },
      { id: "bad", question: "What happened yesterday?", asOf: "last Tuesday" },
    ]
      .map((line) => JSON.stringify(line))
      .join("\n");
    const lines = run(["ask", "--batch"], input).trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id)).toEqual(["rail", "bridge", "june", "bad"]);
    const titles = (line: { quotes: { title: string }[] }) => new Set(line.quotes.map((quote) => quote.title));
    expect(titles(lines[0])).toEqual(new Set([RAIL_YARD]));
    expect(titles(lines[1])).toEqual(new Set([BRIDGE, SCAFFOLD]));
    // As of July 2025, "in June" is June 2025.
    expect(lines[2].answered).toBe(true);
    expect(titles(lines[2])).toEqual(new Set([BRIDGE_2025]));
    expect(lines[3].error).toMatch(/asOf.*YYYY-MM-DD/);
  });
});
