/**
 * `npm run soak`: a bounded reliability run. Ingest, watcher churn, feed polls and bursts of 20 questions at
 * once run together against one index, with `ingest` processes beside them as second writers; then every
 * fault of the reliability table is injected a few times (kill -9 during ingest, a full disk during the cache
 * save, a damaged cache, a damaged database, hostile files, pages and feeds). After each: a consistency check.
 * Writes bench/reliability.json and the "Reliability" section of BENCHMARKS.md.
 * Options: `--seconds N` (soak length, default 45), `--out DIR` (where the two files go; default the repository).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pino from "pino";
import { answerQuestion } from "../src/answers";
import { createAppContext } from "../src/app/app-context";
import { listArticleFiles } from "../src/articles/list-article-files";
import { readArticleFile } from "../src/articles/read-article-file";
import { loadConfig } from "../src/config/load-config";
import { createFeedPoller } from "../src/feeds";
import { createFeedNetwork, fetchText } from "../src/feeds/fetch-text";
import { isPrivateAddress } from "../src/feeds/private-addresses";
import { ingestPaths } from "../src/ingest/ingest-paths";
import { watchFolder } from "../src/ingest/watch-folder";
import { checkStoreIntegrity, closeStore, listCopyPaths, openStore, refreshVectors, StoreError, type Store } from "../src/store";
import { createTinyModel } from "../test/support/tiny-model";
import { REPO_ROOT } from "./child-process";
import { seededRandom } from "./random";
import { writeReliabilitySection, type ReliabilityResults, type ReliabilityRow } from "./reliability-report";

const CLI = path.join(REPO_ROOT, "src/cli/main.ts");
const QUESTIONS_AT_ONCE = 20;
const DISCORD_WINDOW_MS = 3_000;
const TOPICS = ["harbour", "ferry", "council", "railway", "airport", "weather", "school", "market", "bridge", "library"];
const logger = pino({ level: "silent" });

function articleJson(n: number, version = 1): string {
  const topic = TOPICS[n % TOPICS.length]!;
  const text = `The ${topic} story number ${n} (version ${version}) says the ${topic} committee met on Tuesday. ` +
    `Members of the ${topic} committee agreed to publish a report about the ${topic} budget next month. ` +
    `Residents asked questions about the ${topic} plans for ${n % 7 === 0 ? "winter" : "summer"}.`;
  return JSON.stringify({ id: `story-${n}`, title: `${topic} story ${n}`, text, published: "2025-06-24", source: "Soak Gazette" });
}

function runCli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string }> } {
  // Node itself with tsx's loader, not the tsx wrapper: kill -9 must reach the process that writes.
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.resume();
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout })),
  );
  return { child, done };
}

/** What must hold after any run: the database whole, the cache equal to it, nothing twice, every file indexed. */
function inconsistencies(store: Store, articlesDir: string | null): string[] {
  const problems: string[] = [];
  try {
    checkStoreIntegrity(store);
  } catch (error) {
    problems.push((error as Error).message);
  }
  refreshVectors(store);
  const embedded = new Set(store.db.prepare("SELECT rowid FROM chunks WHERE embedding IS NOT NULL").pluck().all() as number[]);
  const live = new Set(store.vectors ? store.vectors.index.getIdsList().filter((label) => !store.vectors!.deleted.has(label)) : []);
  const missing = [...embedded].filter((label) => !live.has(label)).length;
  const extra = [...live].filter((label) => !embedded.has(label)).length;
  if (missing || extra) problems.push(`vector cache differs from the database: ${missing} missing, ${extra} extra`);
  const twice = store.db.prepare("SELECT count(*) FROM (SELECT path FROM article_copies WHERE path IS NOT NULL GROUP BY path HAVING count(*) > 1)").pluck().get() as number;
  if (twice) problems.push(`${twice} files stored twice`);
  if (articlesDir) {
    const indexed = new Set(listCopyPaths(store).map((copy) => copy.path));
    const files = fs.readdirSync(articlesDir, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".json"));
    const notIndexed = files.filter((name) => !indexed.has(path.join(articlesDir, name)));
    if (notIndexed.length) problems.push(`${notIndexed.length} of ${files.length} files not indexed (e.g. ${notIndexed[0]})`);
  }
  return problems;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

export async function runSoak(options: { seconds: number; progress: (line: string) => void }): Promise<ReliabilityResults> {
  const started = performance.now();
  const random = seededRandom(20261130);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-soak-"));
  const articlesDir = path.join(work, "articles");
  const indexDir = path.join(work, "index");
  fs.mkdirSync(articlesDir);
  const tiny = await createTinyModel(path.join(work, "models"), { dimensions: 32, vocabulary: [articleJson(0)] });
  const env = {
    INDEX_DIR: indexDir,
    ARTICLES_DIR: articlesDir,
    EMBEDDING_MODEL: tiny.modelId,
    EMBEDDING_MODEL_PATH: tiny.modelPath,
    LOG_LEVEL: "silent",
    DISCORD_TOKEN: "",
  };
  const rows: ReliabilityRow[] = [];

  // A feed on 127.0.0.1 whose items change at every poll, half of them summary-only (their pages are fetched).
  let feedVersion = 0;
  const server = http.createServer((request, response) => {
    if (request.url?.startsWith("/page/")) {
      response.writeHead(200, { "content-type": "text/html" });
      response.end(`<html><head><title>Page ${request.url}</title></head><body><article><p>${"The feed page says the harbour ferry runs late again today. ".repeat(12)}</p></article></body></html>`);
      return;
    }
    feedVersion += 1;
    const items = Array.from({ length: 10 }, (_, i) => {
      const n = feedVersion * 10 + i;
      const summary = i % 2 ? "Short." : `${"The feed reports that the council market reopens after repairs. ".repeat(10)} Item ${n}.`;
      return `<item><guid>item-${n}</guid><title>Feed item ${n}</title><link>http://127.0.0.1:${(server.address() as AddressInfo).port}/page/${n}</link><description>${summary}</description></item>`;
    });
    response.writeHead(200, { "content-type": "application/rss+xml" });
    response.end(`<rss version="2.0"><channel><title>Soak feed</title>${items.join("")}</channel></rss>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;

  // --- The soak: everything at once. ---
  options.progress(`soak: ${options.seconds} s of ingest, watcher churn, feed polls and ${QUESTIONS_AT_ONCE} questions at once`);
  for (let n = 0; n < 150; n++) fs.writeFileSync(path.join(articlesDir, `story-${n}.json`), articleJson(n));
  const context = createAppContext(loadConfig(env), { logger, notice: () => {} });
  const embedder = await context.embedder();
  await ingestPaths(context.store, { paths: [articlesDir], embedder, clock: context.clock });
  const watcher = watchFolder({ dir: articlesDir, store: context.store, embedder: context.embedder, logger, debounceMs: 300 });
  let pollTime = Date.parse("2026-01-01T00:00:00Z");
  const poller = createFeedPoller({ store: context.store, embedder: context.embedder, clock: () => new Date(pollTime), feeds: [feedUrl], intervalMinutes: 15, logger, allowPrivate: true });
  const latencies: number[] = [];
  let unanswered = 0;
  let childIngests = 0;
  let childFailures = 0;
  let polls = 0;
  let churn = 0;
  const deadline = performance.now() + options.seconds * 1000;
  let nextFile = 150;

  const churnLoop = (async () => {
    while (performance.now() < deadline) {
      const roll = random();
      if (roll < 0.5) fs.writeFileSync(path.join(articlesDir, `story-${nextFile}.json`), articleJson(nextFile++));
      else if (roll < 0.8) {
        const n = Math.floor(random() * nextFile);
        if (fs.existsSync(path.join(articlesDir, `story-${n}.json`))) fs.writeFileSync(path.join(articlesDir, `story-${n}.json`), articleJson(n, churn));
      } else fs.rmSync(path.join(articlesDir, `story-${Math.floor(random() * nextFile)}.json`), { force: true });
      churn += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const ingestLoop = (async () => {
    while (performance.now() < deadline) {
      const { done } = runCli(["ingest", articlesDir, "--json"], env);
      const result = await done;
      childIngests += 1;
      if (result.code !== 0) childFailures += 1;
    }
  })();
  const pollLoop = (async () => {
    while (performance.now() < deadline) {
      pollTime += 16 * 60_000;
      await poller.pollDue(new Date(pollTime));
      polls += 1;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  const questionLoop = (async () => {
    while (performance.now() < deadline) {
      await Promise.all(
        Array.from({ length: QUESTIONS_AT_ONCE }, async (_, i) => {
          const askedAt = performance.now();
          try {
            await answerQuestion({ store: context.store, embedder, clock: () => new Date(), timeZone: "UTC" }, `What did the ${TOPICS[i % TOPICS.length]} committee agree?`);
            latencies.push(performance.now() - askedAt);
          } catch {
            unanswered += 1;
          }
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  await Promise.all([churnLoop, ingestLoop, pollLoop, questionLoop]);
  await poller.stop();
  // Whatever the watcher noticed last is ingested now (a burst that failed is still pending and goes too).
  await watcher.flush().catch(() => watcher.flush());
  await watcher.close();
  const soakProblems = inconsistencies(context.store, articlesDir);
  context.close();
  const reopened = openStore(indexDir);
  soakProblems.push(...inconsistencies(reopened, articlesDir).map((problem) => `after reopening: ${problem}`));
  closeStore(reopened);
  const late = latencies.filter((ms) => ms > DISCORD_WINDOW_MS).length;
  rows.push({
    fault: "concurrent writers: watcher + feed poller + `ingest` processes on one index, questions throughout",
    runs: 1,
    failures: soakProblems.length > 0 || childFailures > 0 ? 1 : 0,
    detail:
      `${options.seconds} s: ${churn} file changes, ${childIngests} ingest processes (${childFailures} failed), ${polls} feed polls, ` +
      `${latencies.length + unanswered} questions (${unanswered} unanswered, ${late} over 3 s, p95 ${Math.round(percentile(latencies, 95))} ms)` +
      (soakProblems.length ? `; ${soakProblems.join("; ")}` : "; folder, database and cache consistent"),
  });
  options.progress(`soak: ${rows.at(-1)!.detail}`);

  // --- kill -9 during ingest, at random points. ---
  const killRuns = 5;
  let killFailures = 0;
  const killNotes: string[] = [];
  for (let run = 0; run < killRuns; run++) {
    const batch = path.join(articlesDir, `batch-${run}`);
    fs.mkdirSync(batch);
    for (let n = 0; n < 80; n++) fs.writeFileSync(path.join(batch, `b${run}-${n}.json`), articleJson(10_000 + run * 100 + n));
    const { child, done } = runCli(["ingest", batch, "--json"], env);
    const delay = 1_500 + Math.floor(random() * 3_000);
    const timer = setTimeout(() => child.kill("SIGKILL"), delay);
    const result = await done;
    clearTimeout(timer);
    const store = openStore(indexDir);
    const afterKill = inconsistencies(store, null);
    await ingestPaths(store, { paths: [articlesDir], embedder, clock: () => new Date() });
    const afterRerun = inconsistencies(store, articlesDir);
    closeStore(store);
    killNotes.push(result.signal === "SIGKILL" ? `killed at ${delay} ms` : `finished before ${delay} ms`);
    if (afterKill.length || afterRerun.length) {
      killFailures += 1;
      killNotes.push(...afterKill, ...afterRerun);
    }
  }
  rows.push({ fault: "`kill -9` during `ingest` (random point), then the next `ingest`", runs: killRuns, failures: killFailures, detail: killNotes.join(", ") });
  options.progress(`kill -9: ${killFailures} of ${killRuns} lost or corrupted anything (${killNotes.join(", ")})`);

  // --- A full disk during the cache save: writes to /dev/full fail with ENOSPC. ---
  const fullRuns = 3;
  let fullFailures = 0;
  for (let run = 0; run < fullRuns; run++) {
    const notices: string[] = [];
    const store = openStore(indexDir, { onNotice: (message) => notices.push(message) });
    const cacheFile = path.join(indexDir, "vectors.hnsw");
    const before = fs.readFileSync(cacheFile);
    const file = path.join(articlesDir, `full-${run}.json`);
    fs.writeFileSync(file, articleJson(20_000 + run));
    fs.symlinkSync("/dev/full", `${cacheFile}.tmp`);
    const ingested = await ingestPaths(store, { paths: [file], embedder, clock: () => new Date() }).then(() => true, () => false);
    // The save at the end of that ingest met the full disk: the old file must still be in place.
    const kept = fs.readFileSync(cacheFile).equals(before);
    closeStore(store);
    const reopened2 = openStore(indexDir);
    const problems = inconsistencies(reopened2, articlesDir);
    closeStore(reopened2);
    if (!ingested || !kept || problems.length || !notices.some((notice) => notice.includes("disk full"))) fullFailures += 1;
  }
  rows.push({ fault: "disk full during the vector cache save (ENOSPC via /dev/full)", runs: fullRuns, failures: fullFailures, detail: "the ingest succeeded with a notice, the old cache file stayed in place, the next save wrote a whole one" });

  // --- A damaged cache: 4 KB of garbage in the middle, same size; a search runs in its own process (a crash shows). ---
  const cacheRuns = 3;
  let cacheFailures = 0;
  for (let run = 0; run < cacheRuns; run++) {
    const file = path.join(indexDir, "vectors.hnsw");
    const bytes = fs.readFileSync(file);
    const at = Math.floor(bytes.length / 4 + random() * (bytes.length / 2));
    for (let i = 0; i < 4096 && at + i < bytes.length; i++) bytes[at + i] = Math.floor(random() * 256);
    fs.writeFileSync(file, bytes);
    const search = await runCli(["search", "harbour committee", "--json"], env).done;
    const store = openStore(indexDir);
    const problems = inconsistencies(store, articlesDir);
    closeStore(store);
    if (search.code !== 0 || !search.stdout.includes('"hits"') || problems.length) cacheFailures += 1;
  }
  rows.push({ fault: "damaged `vectors.hnsw` (4 KB of random bytes in the middle)", runs: cacheRuns, failures: cacheFailures, detail: "checksum mismatch, rebuilt from the database; searches answered" });

  // --- A damaged database: found at start, named in one line; the recovery (move aside, ingest) loses no file. ---
  const dbRuns = 3;
  let dbFailures = 0;
  for (let run = 0; run < dbRuns; run++) {
    const damagedDir = path.join(work, `damaged-${run}`);
    fs.cpSync(indexDir, damagedDir, { recursive: true });
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(path.join(damagedDir, `newsdesk.db${suffix}`), { force: true });
    const file = path.join(damagedDir, "newsdesk.db");
    const bytes = fs.readFileSync(file);
    for (let page = 4 + run; page * 4096 < bytes.length - 4096; page += 5) bytes.fill(Math.floor(random() * 256), page * 4096 + 64, page * 4096 + 1500);
    fs.writeFileSync(file, bytes);
    let named = false;
    try {
      checkStoreIntegrity(openStore(damagedDir));
    } catch (error) {
      named = error instanceof StoreError && error.message.includes(file) && !error.message.includes("\n");
    }
    fs.renameSync(file, `${file}.broken`);
    const rebuilt = openStore(damagedDir);
    await ingestPaths(rebuilt, { paths: [articlesDir], embedder, clock: () => new Date() });
    const problems = inconsistencies(rebuilt, articlesDir);
    closeStore(rebuilt);
    if (!named || problems.length) dbFailures += 1;
  }
  rows.push({ fault: "damaged `newsdesk.db` (pages overwritten)", runs: dbRuns, failures: dbFailures, detail: "named in one line at start; moved aside and rebuilt by `ingest` with every file" });

  // --- Hostile files, pages and feeds: each must be refused or made harmless, quickly, without a crash. ---
  const hostileDir = path.join(work, "hostile");
  fs.mkdirSync(hostileDir);
  const deep = (depth: number) => `<html><head><title>Deep</title></head><body>${"<div>".repeat(depth)}<p>text</p>${"</div>".repeat(depth)}</body></html>`;
  fs.writeFileSync(path.join(hostileDir, "deep-1500.html"), deep(1_500));
  fs.writeFileSync(path.join(hostileDir, "deep-100k.html"), deep(100_000));
  fs.writeFileSync(path.join(hostileDir, "wide.html"), `<html><body>${"<span>a</span>".repeat(60_000)}</body></html>`);
  fs.writeFileSync(path.join(hostileDir, "escapes.json"), JSON.stringify({ title: "T\u202Eext\u001b[2J", text: "Escape \u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\ and \u009b2J end." }));
  fs.symlinkSync("/proc/self/status", path.join(hostileDir, "status.txt"));
  fs.symlinkSync("..", path.join(hostileDir, "parentdir"));
  const hostileChecks: [string, () => Promise<boolean>][] = [
    ["1,500-level HTML", async () => "error" in (await readArticleFile(path.join(hostileDir, "deep-1500.html")))],
    ["100,000-level HTML", async () => "error" in (await readArticleFile(path.join(hostileDir, "deep-100k.html")))],
    ["60,000-element HTML", async () => "error" in (await readArticleFile(path.join(hostileDir, "wide.html")))],
    ["escape sequences and bidi overrides", async () => {
      const read = await readArticleFile(path.join(hostileDir, "escapes.json"));
      return "articles" in read && !/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E]/.test(read.articles[0]!.title + read.articles[0]!.text);
    }],
    ["symbolic links out of the folder", async () => {
      const listing = await listArticleFiles([hostileDir]);
      return !listing.files.some((file) => file.endsWith("status.txt")) && listing.failed.length >= 2;
    }],
    ...["127.0.0.1", "localhost", "2130706433", "0.0.0.0", "[::1]", "169.254.169.254"].map((host): [string, () => Promise<boolean>] => [
      `feed page at ${host}`,
      async () => {
        const network = createFeedNetwork(isPrivateAddress);
        const port = new URL(feedUrl).port;
        const refused = await fetchText(`http://${host}:${port}/page/1`, { network, accept: "*/*", timeoutMs: 5_000, maxBytes: 1_000_000, signal: new AbortController().signal }).then(
          () => false,
          (error: Error) => error.message.startsWith("refused:"),
        );
        await network.close();
        return refused;
      },
    ]),
  ];
  let hostileFailures = 0;
  const hostileNotes: string[] = [];
  for (const [name, check] of hostileChecks) {
    const ok = await check().catch(() => false);
    if (!ok) {
      hostileFailures += 1;
      hostileNotes.push(`${name} got through`);
    }
  }
  rows.push({
    fault: "hostile input: deep and wide HTML, escape sequences, symlinks out, feed pages on private addresses",
    runs: hostileChecks.length,
    failures: hostileFailures,
    detail: hostileNotes.length ? hostileNotes.join(", ") : hostileChecks.map(([name]) => name).join(", "),
  });

  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(work, { recursive: true, force: true });
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`,
    seconds: Math.round((performance.now() - started) / 1000),
    rows,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "45" }, out: { type: "string" } } });
  const results = await runSoak({ seconds: Number(values.seconds), progress: (line) => process.stderr.write(`${line}\n`) });
  const outDir = values.out ?? REPO_ROOT;
  fs.writeFileSync(path.join(outDir, values.out ? "reliability.json" : "bench/reliability.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeReliabilitySection(path.join(outDir, "BENCHMARKS.md"), results);
  const failed = results.rows.reduce((sum, row) => sum + row.failures, 0);
  process.stderr.write(`soak: ${failed === 0 ? "nothing lost or corrupted" : `${failed} runs lost or corrupted something`} (${results.seconds} s)\n`);
  process.exit(failed === 0 ? 0 : 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) void main();
