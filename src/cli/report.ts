import { parseArgs } from "node:util";
import type { AppContext } from "../app/app-context";
import { readFeedbackReport, type FeedbackReport } from "../store/answer-log";

export const usage = "report [--since DATE] [--json]";

/** The report as plain text: what to add to the articles, and which answers to look at. */
export function renderReportText(report: FeedbackReport): string {
  const lines = [`Feedback${report.since ? ` since ${report.since.slice(0, 10)}` : ""}`, "", "Most-asked questions I could not answer:"];
  if (report.refused.length === 0) lines.push("  none");
  for (const item of report.refused) lines.push(`  ${item.count}× ${item.question}`);
  lines.push("", "Answers voted down:");
  if (report.downVoted.length === 0) lines.push("  none");
  for (const item of report.downVoted) lines.push(`  👎 ${item.down} 👍 ${item.up}  ${item.question}`);
  return lines.join("\n");
}

export async function runReport(context: AppContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { since: { type: "string" }, json: { type: "boolean", default: false } } });
  if (positionals.length > 0) throw new Error(`unexpected "${positionals.join(" ")}"\nusage: ${usage}`);
  const since = values.since;
  if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(since) || !new Date(`${since}T00:00:00Z`).toISOString().startsWith(since))) {
    throw new Error(`--since must be a date YYYY-MM-DD, got "${since}"\nusage: ${usage}`);
  }
  const report = readFeedbackReport(context.store, since ?? null);
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${renderReportText(report)}\n`);
  return 0;
}
