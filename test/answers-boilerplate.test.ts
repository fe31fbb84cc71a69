/**
 * A paragraph an outlet prints under three or more headlines is boilerplate and never quoted (test/fixtures/boilerplate):
 * the Harbour Gazette closes three unrelated stories with the same newsletter promo, and prints a wire paragraph on
 * Storm Imogen in two of its stories that the Coast Herald prints too.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAnswerInvariants } from "./support/answer-invariants";
import { answerQuestion, type AnswerContext } from "../src/answers";
import { ingestPaths } from "../src/ingest/ingest-paths";
import { closeStore, countTitlesPrinting, openStore, type Store } from "../src/store";

const FIXTURES = path.join(__dirname, "fixtures/boilerplate");
const PROMO = "Newsletter: Get the Gazette's morning briefing of harbour news, league scores and fixtures in your inbox every day.";
const PROMOTED = ["league-final.json", "ferry-fares.json", "lighthouse-keeper.json"].map((file) => path.join(FIXTURES, file));

const stores: { store: Store; dir: string }[] = [];

async function storeOf(paths: string[]): Promise<{ store: Store; context: AnswerContext }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-boilerplate-"));
  const store = openStore(dir);
  stores.push({ store, dir });
  await ingestPaths(store, { paths, embedder: null });
  return { store, context: { store, embedder: null, clock: () => new Date("2026-11-30T12:00:00Z"), timeZone: "UTC" } };
}

afterAll(() => {
  for (const { store, dir } of stores) {
    closeStore(store);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("answers never quote an outlet's boilerplate", () => {
  let store: Store;
  let context: AnswerContext;
  beforeAll(async () => ({ store, context } = await storeOf([FIXTURES])));

  it("answers with the next best sentence when the promo matches the question best", async () => {
    const answer = await answerQuestion(context, "Where can I get the league scores and fixtures?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes.map((quote) => quote.text)).toEqual([
      "Tickets bought for Sunday remain valid, and the club shop on Quay Street will post league scores and fixtures in its window.",
    ]);
  });

  it("refuses when only the promo matches", async () => {
    const answer = await answerQuestion(context, "How do I get the morning briefing in my inbox?");
    expect(answer.answered, answer.text).toBe(false);
    expect(answer.text).toMatch(/^I couldn't find that in the articles/);
  });

  it("does not quote the promo beside the sentence that answers", async () => {
    const answer = await answerQuestion(context, "Where are the harbour league scores and fixtures posted?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]?.text).toMatch(/club shop on Quay Street will post league scores/);
    expect(answer.text).not.toContain("Newsletter");
  });

  it("quotes a wire paragraph that two outlets print, once by one and twice by the other", async () => {
    const answer = await answerQuestion(context, "How many homes were left without electricity by Storm Imogen?");
    expectAnswerInvariants(store, answer);
    expect(answer.answered, answer.text).toBe(true);
    expect(answer.quotes[0]?.text).toMatch(/leaving 12,000 homes without electricity/);
  });
});

describe("a paragraph becomes boilerplate when its third headline arrives", () => {
  it("quotes a paragraph printed in two articles, and no longer once a third prints it", async () => {
    const { store, context } = await storeOf(PROMOTED.slice(0, 2));
    const question = "How do I get the morning briefing in my inbox?";
    const before = await answerQuestion(context, question);
    expect(before.answered, before.text).toBe(true);
    expect(before.quotes[0]?.text).toBe(PROMO);

    await ingestPaths(store, { paths: [PROMOTED[2]!], embedder: null });
    const after = await answerQuestion(context, question);
    expect(after.answered, after.text).toBe(false);
  });
});

describe("countTitlesPrinting", () => {
  let store: Store;
  beforeAll(async () => ({ store } = await storeOf([FIXTURES])));
  const wire = "Storm Imogen brought down power lines across the northern coast on Tuesday night, leaving 12,000 homes without electricity, the grid operator said.";
  const rowidOf = (title: string) => store.db.prepare("SELECT rowid FROM articles WHERE title = ?").pluck().get(title) as number;
  const ferry = () => rowidOf("Ferry fares rise by ten percent");
  const herald = () => rowidOf("Thousands in the dark as Storm Imogen hits the coast");

  it("counts one outlet's differently titled articles printing the paragraph, up to enough", () => {
    expect(countTitlesPrinting(store, { paragraph: PROMO, articleRowid: ferry(), source: "Harbour Gazette", sentence: PROMO }, 10)).toBe(3);
    expect(countTitlesPrinting(store, { paragraph: PROMO, articleRowid: ferry(), source: "Harbour Gazette", sentence: PROMO }, 2)).toBe(2);
    expect(countTitlesPrinting(store, { paragraph: PROMO, articleRowid: herald(), source: "Coast Herald", sentence: PROMO }, 10)).toBe(0);
    expect(countTitlesPrinting(store, { paragraph: wire, articleRowid: rowidOf("Storm Imogen cuts power on the northern coast"), source: "Harbour Gazette", sentence: wire }, 10)).toBe(2);
    expect(countTitlesPrinting(store, { paragraph: wire, articleRowid: herald(), source: "Coast Herald", sentence: wire }, 10)).toBe(1);
  });

  // Rowid 0 is no article's: these paragraphs are not read in a stored article, so every copy counted is found.
  it("matches whole paragraphs in any punctuation and case, not a paragraph inside a longer one", () => {
    const restyled = "NEWSLETTER — get the Gazette’s morning briefing of harbour news, league scores and fixtures in your inbox every day";
    expect(countTitlesPrinting(store, { paragraph: restyled, articleRowid: 0, source: "Harbour Gazette", sentence: restyled }, 10)).toBe(3);
    const part = "Newsletter: Get the Gazette's morning briefing of harbour news.";
    expect(countTitlesPrinting(store, { paragraph: part, articleRowid: 0, source: "Harbour Gazette", sentence: part }, 10)).toBe(0);
  });

  it("counts only the article it was read in for a sentence without words", () => {
    expect(countTitlesPrinting(store, { paragraph: "—", articleRowid: ferry(), source: "Harbour Gazette", sentence: "—" }, 10)).toBe(1);
  });
});
