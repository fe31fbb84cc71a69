/**
 * Startup at one corpus size, in a fresh process: open the index (SQLite and the saved HNSW file), answer a first
 * question, then keep answering for a while, so the peak RSS is that of a serving newsdesk.
 */
import { answerQuestion } from "../src/answers";
import { searchHybrid } from "../src/retrieval";
import { closeStore, openStore } from "../src/store";
import { serveAsChild } from "./child-process";
import { randomQueryEmbedder } from "./embedders";

export interface StartupProbeInput {
  dir: string;
  /** False for a keyword-only index, asked without an embedder. */
  vectors: boolean;
  questions: string[];
  searchLimit: number;
}

export interface StartupProbeResult {
  openStoreMs: number;
  /** From before `openStore` until the first answer is ready. */
  readyMs: number;
  /** Peak RSS after the first answer and one search and one answer per question. */
  servingPeakRssBytes: number;
}

const ANSWER_CLOCK = () => new Date("1987-12-31T12:00:00Z");

async function probe(input: StartupProbeInput): Promise<StartupProbeResult> {
  const embedder = input.vectors ? randomQueryEmbedder() : null;
  const [first, ...rest] = input.questions;
  if (first === undefined) throw new Error("the startup probe needs at least one question");
  const started = performance.now();
  const store = openStore(input.dir);
  const openStoreMs = performance.now() - started;
  if (Boolean(store.vectors) !== input.vectors) throw new Error(`the index in ${input.dir} ${input.vectors ? "has no vectors" : "has vectors"}`);
  const context = { store, embedder, clock: ANSWER_CLOCK, timeZone: "UTC" };
  await answerQuestion(context, first);
  const readyMs = performance.now() - started;
  for (const question of rest) {
    await searchHybrid(store, embedder, { query: question, limit: input.searchLimit });
    await answerQuestion(context, question);
  }
  closeStore(store);
  return { openStoreMs, readyMs, servingPeakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

serveAsChild(probe);
