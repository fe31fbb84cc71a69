/** The "Reliability" section of BENCHMARKS.md, written from bench/reliability.json (`npm run soak`). */
import fs from "node:fs";

export interface ReliabilityRow {
  fault: string;
  runs: number;
  /** Runs after which anything was lost or corrupted (or a hostile input got through). */
  failures: number;
  detail: string;
}

export interface ReliabilityResults {
  date: string;
  machine: string;
  seconds: number;
  rows: ReliabilityRow[];
}

const HEADING = "## Reliability";

export function renderReliabilitySection(results: ReliabilityResults): string {
  const lines = [
    HEADING,
    "",
    `\`npm run soak\`, ${results.date}, ${results.machine}, ${results.seconds} s in all. Each fault was injected into a live`,
    "index; after each run: `PRAGMA quick_check`, the vector cache compared label by label with the database (in the",
    "process and after reopening), no file stored twice, and every file in the folder indexed.",
    "",
    "| fault injected | runs | runs that lost or corrupted anything | what happened |",
    "| --- | ---: | ---: | --- |",
    ...results.rows.map((row) => `| ${row.fault} | ${row.runs} | ${row.failures} | ${row.detail.replace(/\|/g, "\\|")} |`),
    "",
  ];
  return lines.join("\n");
}

/** Puts the section into a BENCHMARKS.md, replacing an older one (it is the file's last section). */
export function writeReliabilitySection(markdownFile: string, results: ReliabilityResults): void {
  const existing = fs.existsSync(markdownFile) ? fs.readFileSync(markdownFile, "utf8") : "";
  const at = existing.indexOf(`\n${HEADING}\n`);
  const before = (at === -1 ? existing : existing.slice(0, at)).trimEnd();
  fs.writeFileSync(markdownFile, `${before ? `${before}\n\n` : ""}${renderReliabilitySection(results)}`);
}

/** The last soak's results, when there are any. */
export function readReliabilityResults(file: string): ReliabilityResults | null {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as ReliabilityResults) : null;
}
