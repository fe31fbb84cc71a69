/**
 * Keyword search against a peer, in a process of its own: the same chunks in a newsdesk index and in a LanceDB
 * table with a full-text index, the same SQuAD questions asked of both, one at a time, alternating.
 * The corpus: SQuADShifts new_wiki paragraphs (one article each: the judged passages), then Reuters stories, then
 * perturbed copies of them (bench/synthetic-corpus.ts) until the size is reached.
 */
import fs from "node:fs";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { chunkArticle } from "../src/chunking/chunk-article";
import { contentHashOf, textHashOf } from "../src/ingest/article-writer";
import { searchHybrid, wordsOf } from "../src/retrieval";
import { closeStore, iterateChunkTexts, openStore, writeArticle, type Store } from "../src/store";
import { SCHEMA_VERSION } from "../src/store/schema";
import { REPO_ROOT, serveAsChild } from "./child-process";
import { loadReutersStories } from "./datasets/reuters";
import { loadSquadPassages, type SquadQuestion } from "./datasets/squad";
import { mean, summarize, type Summary } from "./metrics";
import { sample, seededRandom } from "./random";
import { syntheticArticles } from "./synthetic-corpus";

export interface KeywordPeerInput {
  /** Where the built corpora are kept between runs (bench/out/): building 100k chunks takes minutes. */
  cacheDir: string;
  chunks: number;
  queries: number;
  seed: number;
  /** The datasets the corpus is made of: SQuADShifts new_wiki (judged questions) and Reuters (filler). */
  squadShiftsNewWikiFile: string;
  reutersDir: string;
}

export interface KeywordPeerResult {
  chunks: number;
  queries: number;
  /** Passages asked for: what a user sees. */
  limit: number;
  /**
   * cpu: the process's CPU time (all threads) while the query ran: wall time on a loaded machine is mostly waiting,
   * and LanceDB searches on several threads where newsdesk uses one.
   */
  newsdesk: { latency: Summary; cpu: Summary; recallAt10: number; buildSeconds: number };
  lancedb: { latency: Summary; cpu: Summary; recallAt10: number; buildSeconds: number; version: string };
}

const LIMIT = 10;
const WARMUP_QUERIES = 10;
const ARTICLES_PER_TRANSACTION = 1000;
const LANCE_BATCH_ROWS = 20_000;
const INGESTED_AT = "2026-01-01T00:00:00.000Z";

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function writeCorpus(store: Store, target: number, seed: number, datasets: Pick<KeywordPeerInput, "squadShiftsNewWikiFile" | "reutersDir">): void {
  const squad = loadSquadPassages(datasets.squadShiftsNewWikiFile);
  const squadArticles = squad.passages.map((passage) => {
    const article = { id: `squad:${passage.id}`, title: passage.title, text: passage.text, url: null, published: null, source: null, author: null, path: `/bench/${passage.id}` };
    return { record: { article, contentHash: contentHashOf(article), textHash: textHashOf(article.text), ingestedAt: INGESTED_AT }, chunks: chunkArticle(article.text) };
  });
  const filler = syntheticArticles(loadReutersStories(datasets.reutersDir), seededRandom(seed));
  let written = 0;
  let next = 0;
  const writeBatch = store.db.transaction(() => {
    for (let i = 0; i < ARTICLES_PER_TRANSACTION && written < target; i++) {
      const squadArticle = squadArticles[next];
      const { record, chunks } = squadArticle ?? filler.next().value;
      next += 1;
      writeArticle(store, record, { chunks: chunks.slice(0, target - written), vectors: null });
      written += Math.min(chunks.length, target - written);
    }
  });
  while (written < target) writeBatch.immediate();
}

/** The same rows newsdesk searches: title and chunk text, with the article id to judge by. */
function* chunkRows(store: Store): Generator<{ article_id: string; text: string }[]> {
  let batch: { article_id: string; text: string }[] = [];
  for (const row of iterateChunkTexts(store)) {
    batch.push({ article_id: row.articleId, text: `${row.title}\n${row.text}` });
    if (batch.length === LANCE_BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function buildLance(dir: string, store: Store): Promise<lancedb.Table> {
  const db = await lancedb.connect(dir);
  let table: lancedb.Table | null = null;
  for (const batch of chunkRows(store)) {
    if (table) await table.add(batch);
    else table = await db.createTable("chunks", batch, { mode: "overwrite" });
  }
  if (!table) throw new Error("no chunks to index");
  // Stemmed and lowercased like newsdesk's porter tokenizer; stop words kept, as FTS5 keeps them.
  await table.createIndex("text", { config: lancedb.Index.fts({ stem: true, lowercase: true, asciiFolding: true }) });
  return table;
}

function recallAt10(ranked: string[], relevant: string): number {
  return ranked.slice(0, 10).includes(relevant) ? 1 : 0;
}

interface BuiltCorpus {
  buildSeconds: { newsdesk: number; lancedb: number };
}

/** The SQuAD questions whose passage made it into the corpus. */
function judgedQuestions(store: Store, squadShiftsNewWikiFile: string): SquadQuestion[] {
  const stored = new Set(store.db.prepare("SELECT id FROM articles WHERE id LIKE 'squad:%'").pluck().all() as string[]);
  return loadSquadPassages(squadShiftsNewWikiFile).questions.filter((question) => stored.has(`squad:${question.passageId}`));
}

/** The corpus of this size, seed and schema: built once, then reused from the cache by later runs. */
async function builtCorpus(input: KeywordPeerInput): Promise<BuiltCorpus & { store: Store; table: lancedb.Table; judged: SquadQuestion[] }> {
  const dir = path.join(input.cacheDir, `keyword-peer-${input.chunks}-seed${input.seed}-schema${SCHEMA_VERSION}`);
  const doneFile = path.join(dir, "built.json");
  if (fs.existsSync(doneFile)) {
    const built = JSON.parse(fs.readFileSync(doneFile, "utf8")) as BuiltCorpus;
    progress(`keyword peer ${input.chunks}: reusing the corpus built in ${dir}`);
    const table = await (await lancedb.connect(path.join(dir, "lancedb"))).openTable("chunks");
    const store = openStore(path.join(dir, "newsdesk"));
    return { ...built, store, table, judged: judgedQuestions(store, input.squadShiftsNewWikiFile) };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  let started = performance.now();
  const store = openStore(path.join(dir, "newsdesk"));
  writeCorpus(store, input.chunks, input.seed, input);
  const newsdesk = (performance.now() - started) / 1000;
  progress(`keyword peer ${input.chunks}: newsdesk index built in ${newsdesk.toFixed(0)} s`);
  started = performance.now();
  const table = await buildLance(path.join(dir, "lancedb"), store);
  const lance = (performance.now() - started) / 1000;
  progress(`keyword peer ${input.chunks}: LanceDB table and index built in ${lance.toFixed(0)} s`);
  const built: BuiltCorpus = { buildSeconds: { newsdesk, lancedb: lance } };
  fs.writeFileSync(doneFile, JSON.stringify(built));
  return { ...built, store, table, judged: judgedQuestions(store, input.squadShiftsNewWikiFile) };
}

async function measure(input: KeywordPeerInput): Promise<KeywordPeerResult> {
  const { store, table, judged, buildSeconds } = await builtCorpus(input);
  const newsdeskBuildSeconds = buildSeconds.newsdesk;
  const lanceBuildSeconds = buildSeconds.lancedb;

  const questions = sample(judged, input.queries + WARMUP_QUERIES, seededRandom(input.seed + 1));
  const newsdeskSearch = async (question: string) => (await searchHybrid(store, null, { query: question, limit: LIMIT })).passages.map((passage) => passage.article.id);
  // LanceDB parses its query string; plain words keep punctuation from being read as syntax.
  const lanceSearch = async (question: string) =>
    ((await table.search(wordsOf(question).join(" "), "fts").limit(LIMIT).toArray()) as { article_id: string }[]).map((row) => row.article_id);
  const times = { newsdesk: [] as number[], lancedb: [] as number[] };
  const cpuTimes = { newsdesk: [] as number[], lancedb: [] as number[] };
  const recalls = { newsdesk: [] as number[], lancedb: [] as number[] };
  for (const [index, question] of questions.entries()) {
    for (const system of ["newsdesk", "lancedb"] as const) {
      const begin = performance.now();
      const cpuBegin = process.cpuUsage();
      const ranked = await (system === "newsdesk" ? newsdeskSearch : lanceSearch)(question.question);
      const elapsed = performance.now() - begin;
      const cpu = process.cpuUsage(cpuBegin);
      if (index < WARMUP_QUERIES) continue;
      times[system].push(elapsed);
      cpuTimes[system].push((cpu.user + cpu.system) / 1000);
      recalls[system].push(recallAt10(ranked, `squad:${question.passageId}`));
    }
  }
  closeStore(store);
  const lanceManifest = path.join(REPO_ROOT, "node_modules", "@lancedb", "lancedb", "package.json");
  const lanceVersion = (JSON.parse(fs.readFileSync(lanceManifest, "utf8")) as { version: string }).version;
  return {
    chunks: input.chunks,
    queries: times.newsdesk.length,
    limit: LIMIT,
    newsdesk: { latency: summarize(times.newsdesk), cpu: summarize(cpuTimes.newsdesk), recallAt10: mean(recalls.newsdesk), buildSeconds: newsdeskBuildSeconds },
    lancedb: { latency: summarize(times.lancedb), cpu: summarize(cpuTimes.lancedb), recallAt10: mean(recalls.lancedb), buildSeconds: lanceBuildSeconds, version: lanceVersion },
  };
}

serveAsChild(measure);
