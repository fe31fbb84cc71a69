/**
 * `npm run bench:jsonl [-- --megabytes N] [--budget-minutes M]`: writes a JSONL dump of synthetic news articles
 * (default 1 GB), ingests it keyword-only in a child process, and writes articles/s and the child's peak RSS into the
 * "JSONL import" section of BENCHMARKS.md. The point is memory: a file of any size is streamed, so the peak must not
 * grow with the file. On a slow or busy machine `--budget-minutes` stops the import there and reports how far it got.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT, runBenchChild } from "./child-process";
import { describeEnvironment } from "./environment";
import type { JsonlImportInput, JsonlImportResult } from "./jsonl-import-worker";
import { seededRandom } from "./random";

const SEED = 20_261_130;
const WORDS =
  "council port union strike talks minister budget harbour ferry vote court police election market shares bank rates inflation storm flood rail airport school hospital mayor contract workers government report city region coast bridge plan tax energy prices wages".split(
    " ",
  );
const SECTION_HEADING = "## JSONL import";

/** About `paragraphs` paragraphs of plausible words: roughly the 3–5 KB of a wire story. */
function syntheticText(random: () => number, paragraphs: number): string {
  const sentence = () => {
    const words = Array.from({ length: 12 + Math.floor(random() * 14) }, () => WORDS[Math.floor(random() * WORDS.length)]!);
    return `${words[0]!.charAt(0).toUpperCase()}${words.join(" ").slice(1)}.`;
  };
  return Array.from({ length: paragraphs }, () => Array.from({ length: 3 }, sentence).join(" ")).join("\n\n");
}

/** Writes articles until the file holds `bytes`; returns how many. */
function writeDump(file: string, bytes: number): number {
  const random = seededRandom(SEED);
  const fd = fs.openSync(file, "w");
  let written = 0;
  let count = 0;
  try {
    while (written < bytes) {
      const lines: string[] = [];
      for (let i = 0; i < 1000; i++, count++) {
        const day = String(1 + (count % 28)).padStart(2, "0");
        lines.push(
          JSON.stringify({
            id: `dump-${count}`,
            title: `Story ${count}: ${WORDS[count % WORDS.length]} ${WORDS[(count * 7) % WORDS.length]}`,
            text: syntheticText(random, 4 + (count % 4)),
            url: `https://news.example/${count}`,
            published: `2026-11-${day}`,
            source: "Example News",
          }),
        );
      }
      const chunk = `${lines.join("\n")}\n`;
      fs.writeSync(fd, chunk);
      written += Buffer.byteLength(chunk);
    }
  } finally {
    fs.closeSync(fd);
  }
  return count;
}

function renderSection(result: JsonlImportResult, fileBytes: number, articles: number, environment: ReturnType<typeof describeEnvironment>): string {
  const mb = (value: number) => `${(value / (1024 * 1024)).toFixed(0)} MB`;
  const read = result.complete ? "all" : `${mb(result.bytesRead)} (${((result.bytesRead / fileBytes) * 100).toFixed(0)}%, stopped at the time budget)`;
  return [
    SECTION_HEADING,
    "",
    `\`npm run bench:jsonl\` on ${environment.date.slice(0, 10)}, commit ${environment.commit}, ${environment.cores} cores (load ${environment.loadAverage}), Node ${environment.node}: one synthetic`,
    "JSONL dump ingested keyword-only by `ingestPaths` in a process of its own (streamed line by line; the size limit is per article).",
    "",
    "| file | articles in it | read | stored | chunks | time | articles/s | peak RSS |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    `| ${mb(fileBytes)} | ${articles.toLocaleString("en")} | ${read} | ${result.stored.toLocaleString("en")} | ${result.chunks.toLocaleString("en")} | ${result.seconds.toFixed(0)} s | ${(result.stored / result.seconds).toFixed(0)} | ${mb(result.peakRssBytes)} |`,
    "",
  ].join("\n");
}

/** Replaces the section in BENCHMARKS.md (or appends it), leaving the rest as bench/report.ts wrote it. */
function writeSection(markdownFile: string, section: string): void {
  const existing = fs.existsSync(markdownFile) ? fs.readFileSync(markdownFile, "utf8") : "";
  const start = existing.indexOf(SECTION_HEADING);
  if (start === -1) {
    fs.writeFileSync(markdownFile, `${existing.trimEnd()}\n\n${section}`);
    return;
  }
  const next = existing.indexOf("\n## ", start + SECTION_HEADING.length);
  fs.writeFileSync(markdownFile, `${existing.slice(0, start)}${section}${next === -1 ? "" : existing.slice(next + 1)}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { megabytes: { type: "string", default: "1024" }, "budget-minutes": { type: "string" }, out: { type: "string" } } });
  const megabytes = Number(values.megabytes);
  if (!(megabytes > 0)) throw new Error(`--megabytes must be a positive number, got "${values.megabytes}"`);
  const budgetMinutes = values["budget-minutes"] === undefined ? null : Number(values["budget-minutes"]);
  if (budgetMinutes !== null && !(budgetMinutes > 0)) throw new Error(`--budget-minutes must be a positive number, got "${values["budget-minutes"]}"`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-jsonl-bench-"));
  try {
    const file = path.join(workDir, "dump.jsonl");
    process.stderr.write(`writing ${megabytes} MB of JSONL\n`);
    const articles = writeDump(file, megabytes * 1024 * 1024);
    const fileBytes = fs.statSync(file).size;
    process.stderr.write(`ingesting ${articles} articles\n`);
    const input: JsonlImportInput = { file, indexDir: path.join(workDir, "index"), budgetSeconds: budgetMinutes === null ? null : budgetMinutes * 60 };
    const result = await runBenchChild<JsonlImportResult>("jsonl-import-worker.ts", input, { onProgress: (line) => process.stderr.write(`${line}\n`) });
    const section = renderSection(result, fileBytes, articles, describeEnvironment());
    const markdownFile = values.out ? path.resolve(values.out) : path.join(REPO_ROOT, "BENCHMARKS.md");
    writeSection(markdownFile, section);
    process.stderr.write(`${section}\nwrote ${markdownFile}\n`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
