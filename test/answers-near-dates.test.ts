/**
 * A question asked on a day (the clock, or `ask --as-of`) prefers, of sentences answering alike, the one from the
 * article published nearest that day. Keyword-only, over two reports of one bank's rate rises three months apart
 * (test/fixtures/near-dates).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAnswerInvariants } from "./support/answer-invariants";
import { answerQuestion, gatherEvidence, type AnswerContext } from "../src/answers";
import { ingestPaths } from "../src/ingest/ingest-paths";
import { closeStore, openStore, type Store } from "../src/store";

const QUESTION = "The Calder Reserve Bank has raised its interest rate to the highest level in how many years?";

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-near-dates-"));
  store = openStore(dir);
  await ingestPaths(store, { paths: [path.join(__dirname, "fixtures/near-dates")], embedder: null });
});

afterAll(() => {
  closeStore(store);
  fs.rmSync(dir, { recursive: true, force: true });
});

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
