import { parseArgs } from "node:util";
import type { AppContext } from "../app/app-context";
import { isCalendarDate } from "../digest/digest-window";
import { readFeedbackReport, type FeedbackReport } from "../store/answer-log";
import { UsageError } from "./usage-error";

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
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const since = values.since;
  if (since !== undefined && !isCalendarDate(since)) throw new UsageError(`--since must be a date YYYY-MM-DD, got "${since}"`);
  const report = readFeedbackReport(context.store, since ?? null);
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${renderReportText(report)}\n`);
  return 0;
}
