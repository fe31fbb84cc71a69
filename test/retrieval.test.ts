import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acronymKeysOf, writtenOutKey } from "../src/retrieval/acronyms";
import { matchStemOf } from "../src/retrieval/parse-query";
import { parseQuery, reciprocalRankFusion, resolveTimeWindow, combineWindows, searchHybrid, wordsOf } from "../src/retrieval";
import { closeStore, openStore, searchFulltext, writeArticle, type Store } from "../src/store";

describe("parseQuery", () => {
  const hostile = [
    "",
    "   ",
    '"unbalanced quote',
    "NEAR(a b) AND OR NOT",
    "col:umn -minus *star ^caret",
    "the of and what is",
    "🔥🔥🔥 😀",
    "x".repeat(10_000),
    "word ".repeat(3000),
    "(((((",
    "Fordo' OR 1=1; DROP TABLE articles; --",
    "naïve café Türkiye",
  ];

  let dir: string;
  let store: Store;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-query-"));
    store = openStore(dir);
    const text = "Türkiye reaffirms support. The café near Fordo was naïve about NEAR and OR.";
    writeArticle(
      store,
      {
        article: { id: "a", title: "Fordo", text, url: null, published: null, source: null, author: null, path: "/tmp/a" },
        contentHash: "c",
        textHash: "t",
        ingestedAt: "2025-01-01T00:00:00Z",
      },
      { chunks: [{ index: 0, start: 0, end: text.length, text }], vectors: null },
    );
  });
  afterAll(() => {
    closeStore(store);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(hostile)("never lets user input break FTS5: %#", (input) => {
    const query = parseQuery(input);
    expect(() => query.matchExpression && searchFulltext(store, query.matchExpression, { limit: 5 })).not.toThrow();
  });

  it("drops stop words and punctuation, keeps content words, caps the length", () => {
    expect(parseQuery("What did the Kremlin say about Iran?").terms.map((t) => t.word)).toEqual(["kremlin", "iran"]);
    expect(parseQuery("the of and what is").matchExpression).toBeNull();
    expect(parseQuery(Array.from({ length: 100 }, (_, i) => `word${i}`).join(" ")).terms).toHaveLength(32);
  });

  it("drops hedges and time adverbs: 'recently', 'reportedly', 'really', 'originally'", () => {
    expect(parseQuery("Which company recently reported its strongest quarter?").terms.map((t) => t.word)).toEqual(["company", "reported", "strongest", "quarter"]);
    expect(parseQuery("Which site was really damaged?").terms.map((t) => t.word)).toEqual(["site", "damaged"]);
    expect(parseQuery("Who originally discovered the brooch?").terms.map((t) => t.word)).toEqual(["discovered", "brooch"]);
  });

  it("drops 'anyone' and 'someone': no sentence's 'hardly anyone' answers 'Did anyone die?'", () => {
    expect(parseQuery("Did anyone die in the attack?").terms.map((t) => t.word)).toEqual(["die", "attack"]);
    expect(parseQuery("Has somebody claimed it? Did anybody see?").terms.map((t) => t.word)).toEqual(["claimed", "see"]);
  });

  it("drops the noun of 'what year', 'which country', 'what percentage', which the answer seldom repeats", () => {
    const words = (text: string) => parseQuery(text).terms.map((t) => t.word);
    expect(words("Which country hosted the summit?")).toEqual(["hosted", "summit"]);
    expect(words("What year did the cannery open?")).toEqual(["cannery", "open"]);
    expect(words("What percentage of the site stays pasture?")).toEqual(["site", "stays", "pasture"]);
    expect(words("The country's leader resigned in which year?")).toEqual(["country", "leader", "resigned"]);
    expect(words("What term did the minister coin?")).toEqual(["minister", "coin"]);
  });

  it("drops the 'people' of 'how many people': the answer counts workers, soldiers, children", () => {
    const words = (text: string) => parseQuery(text).terms.map((t) => t.word);
    expect(words("How many people died in the collapse?")).toEqual(["died", "collapse"]);
    expect(words("Which people were evacuated?")).toEqual(["people", "evacuated"]);
  });

  it("keeps an acronym typed in capitals that reads as a stop word or as letters, and searches it both ways", () => {
    const terms = (text: string) => parseQuery(text).terms.map((t) => [t.word, t.stem]);
    expect(terms("What did the US say about tariffs?")).toEqual([["us", "US"], ["tariffs", "tariff"]]);
    expect(terms("What did the U.S. say about tariffs?")).toEqual([["us", "US"], ["tariffs", "tariff"]]);
    expect(terms("What did the WHO say?")).toEqual([["who", "WHO"]]);
    expect(parseQuery("What did the US say?").matchExpression).toBe('"us" OR "u s"');
    // Typed in lower case it is the pronoun, and in a question all in capitals every word looks like an acronym.
    expect(terms("Tell us who lost")).toEqual([["lost", "lose"]]);
    expect(terms("WHAT DID THE US SAY ABOUT TARIFFS")).toEqual([["tariffs", "tariff"]]);
    // An acronym that is no stop word is searched as before.
    expect(terms("What did NATO say?")).toEqual([["nato", "nato"]]);
  });

  it("keys a text's acronyms however written, and its written-out names by their initials, apart", () => {
    expect(acronymKeysOf("The U.S. and the US")).toEqual(["US", "US"]);
    expect(acronymKeysOf("the World Health Organization said")).toEqual(["WH", "WHO", "HO"].map(writtenOutKey));
    expect(acronymKeysOf("The United States Senate")).toContain(writtenOutKey("US"));
    expect(acronymKeysOf("the united states")).toEqual([]);
  });

  it("drops words that only ask (\"how old\", \"how much money\", the \"going\" of the future), not a movement's \"going\"", () => {
    const words = (text: string) => parseQuery(text).terms.map((t) => t.word);
    expect(words("How much is the overhaul going to cost?")).toEqual(["overhaul", "cost"]);
    expect(words("Is the bridge going to close?")).toEqual(["bridge", "close"]);
    expect(words("Who is going to the final?")).toEqual(["going", "final"]);
    expect(words("How long is the bridge shut?")).toEqual(["bridge", "shut"]);
    expect(words("How old is the new ferry captain?")).toEqual(["new", "ferry", "captain"]);
    expect(words("How close was the council vote?")).toEqual(["council", "vote"]);
    expect(words("How much money did the shops lose?")).toEqual(["shops", "lose"]);
    expect(words("Where did the money go?")).toEqual(["money", "go"]);
  });

  it("asks nothing with any form of \"happen\"", () => {
    const words = (text: string) => parseQuery(text).terms.map((t) => t.word);
    for (const question of ["What happened to the libraries?", "What happens to the libraries?", "What is happening to the libraries?"]) {
      expect(words(question), question).toEqual(["libraries"]);
    }
  });

  it("matches a word and its forms on one stem, however the stemmer treats a final y", () => {
    const stems = (...words: string[]) => new Set(words.map(matchStemOf));
    expect(stems("spy", "spies", "spied")).toEqual(new Set([matchStemOf("spy")]));
    expect(stems("try", "tries", "tried")).toEqual(new Set([matchStemOf("try")]));
    expect(stems("employ", "employs", "employment")).toEqual(new Set([matchStemOf("employ")]));
    expect(matchStemOf("spy")).not.toBe(matchStemOf("spa"));
  });

  it("matches a short word and its forms on one stem though the stemmer keeps its final e: 'die', 'died', 'dies'", () => {
    const stems = (...words: string[]) => new Set(words.map(matchStemOf));
    expect(stems("die", "died", "dies", "dying")).toEqual(new Set([matchStemOf("die")]));
    expect(stems("tie", "tied", "ties")).toEqual(new Set([matchStemOf("tie")]));
    expect(matchStemOf("die")).not.toBe(matchStemOf("diet"));
  });

  it("matches operators as plain words and folds diacritics like the index does", async () => {
    expect(searchFulltext(store, parseQuery("NEAR").matchExpression!, { limit: 5 })).toHaveLength(1);
    const result = await searchHybrid(store, null, { query: "turkiye cafe", limit: 5 });
    expect(result.passages).toHaveLength(1);
  });
});

describe("wordsOf", () => {
  it("lowercases, drops a possessive's s, straightens a curly apostrophe and leaves other words as they are", () => {
    expect(wordsOf("The Mayor’s office said O’Neill plans isn’t Ｆｕｌｌ rock'n'roll.")).toEqual(["the", "mayor", "office", "said", "o'neill", "plans", "isn't", "full", "rock'n", "roll"]);
  });
});

describe("reciprocalRankFusion", () => {
  it("adds weighted reciprocal ranks and ignores a zero-weight list", () => {
    const fused = reciprocalRankFusion(
      [
        { ranked: [{ rowid: 1, score: 9 }, { rowid: 2, score: 5 }], weight: 1 },
        { ranked: [{ rowid: 2, score: 0.9 }, { rowid: 3, score: 0.8 }], weight: 0.5 },
        { ranked: [{ rowid: 3, score: 1 }], weight: 0 },
      ],
      60,
    );
    expect(fused.get(1)).toBeCloseTo(1 / 61);
    expect(fused.get(2)).toBeCloseTo(1 / 62 + 0.5 / 61);
    expect(fused.get(3)).toBeCloseTo(0.5 / 62);
  });
});

describe("resolveTimeWindow", () => {
  // Saturday 2025-12-27, 10:00 UTC.
  const now = new Date("2025-12-27T10:00:00Z");
  const cases: [string, { since?: string; until?: string }][] = [
    ["what happened today", { since: "2025-12-27", until: "2025-12-27" }],
    ["what happened yesterday in Moscow", { since: "2025-12-26", until: "2025-12-26" }],
    ["news this week", { since: "2025-12-21", until: "2025-12-27" }],
    ["news last week", { since: "2025-12-15", until: "2025-12-21" }],
    ["last month", { since: "2025-11-01", until: "2025-11-30" }],
    ["what did the Kremlin say in June", { since: "2025-06-01", until: "2025-06-30" }],
    ["strikes in June 2024", { since: "2024-06-01", until: "2024-06-30" }],
    ["in the past 3 days", { since: "2025-12-24", until: "2025-12-27" }],
    // The days up to today, not the calendar year or month before.
    ["how much was spent over the last year", { since: "2024-12-27", until: "2025-12-27" }],
    ["arrests in the past year", { since: "2024-12-27", until: "2025-12-27" }],
    ["what changed in the last month", { since: "2025-11-27", until: "2025-12-27" }],
    ["what happened last year", { since: "2024-01-01", until: "2024-12-31" }],
    ["on June 24", { since: "2025-06-24", until: "2025-06-24" }],
    // A day written as --as-of takes it, with or without "on"; "since" one leaves the window open.
    ["what did the Kremlin say on 2025-06-24", { since: "2025-06-24", until: "2025-06-24" }],
    ["Kremlin 2025-06-24", { since: "2025-06-24", until: "2025-06-24" }],
    ["since 2025-06-01", { since: "2025-06-01" }],
    ["since March", { since: "2025-03-01" }],
    ["in 2024", { since: "2024-01-01", until: "2024-12-31" }],
  ];
  it.each(cases)("%s", (question, expected) => {
    expect(resolveTimeWindow(question, now, "UTC").window).toEqual(expected);
  });

  it("uses the configured time zone for what 'today' is", () => {
    const lateEvening = new Date("2025-12-27T23:30:00Z");
    expect(resolveTimeWindow("today", lateEvening, "UTC").window).toEqual({ since: "2025-12-27", until: "2025-12-27" });
    expect(resolveTimeWindow("today", lateEvening, "Asia/Tokyo").window).toEqual({ since: "2025-12-28", until: "2025-12-28" });
  });

  it("a month not yet reached this year means last year's", () => {
    expect(resolveTimeWindow("in December", new Date("2026-03-01T00:00:00Z"), "UTC").window).toEqual({ since: "2025-12-01", until: "2025-12-31" });
  });

  it("reads no day into a number that is no date", () => {
    expect(resolveTimeWindow("What happened on 2025-13-01?", now, "UTC").window).toBeNull();
    expect(resolveTimeWindow("How many of the 2025-26 budget's cuts passed?", now, "UTC").window).toBeNull();
  });

  it("removes the phrase from the question and leaves others alone", () => {
    expect(resolveTimeWindow("What did Peskov say yesterday?", now, "UTC").rest).toBe("What did Peskov say ?");
    expect(resolveTimeWindow("What did Peskov say?", now, "UTC")).toEqual({ window: null, rest: "What did Peskov say?", phrase: null });
    expect(resolveTimeWindow("What did Peskov say in June?", now, "UTC").phrase).toBe("in June");
  });

  it("leaves a period still to come in the question: nothing is published then", () => {
    expect(resolveTimeWindow("Which state will ban plastic bags in 2026?", now, "UTC")).toEqual({ window: null, rest: "Which state will ban plastic bags in 2026?", phrase: null });
    expect(resolveTimeWindow("What did the council say this week about the vote in 2026?", now, "UTC").window).toEqual({ since: "2025-12-21", until: "2025-12-27" });
  });

  it("takes a month or day without a year for the next one when the question speaks of what will happen", () => {
    // Saturday 27 December 2025: the coming March is in 2026, still to come, so no window.
    expect(resolveTimeWindow("When will the cannery close in March?", now, "UTC")).toMatchObject({ window: null, phrase: null });
    expect(resolveTimeWindow("What is the ferry expected to do on 3 January?", now, "UTC").window).toBeNull();
    // The month it is, even in a question about what will happen, and a past month in a question about the past:
    // published then, so a window.
    expect(resolveTimeWindow("What will the council do in December?", now, "UTC").window).toEqual({ since: "2025-12-01", until: "2025-12-31" });
    expect(resolveTimeWindow("What did the council say in March?", now, "UTC").window).toEqual({ since: "2025-03-01", until: "2025-03-31" });
  });

  it("intersects explicit bounds with the phrase", () => {
    expect(combineWindows({ since: "2025-06-10" }, { since: "2025-06-01", until: "2025-06-30" })).toEqual({ since: "2025-06-10", until: "2025-06-30" });
  });
});
