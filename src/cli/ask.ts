import { parseArgs } from "node:util";
import type { AppContext } from "../app/app-context";
import { fusionWeights } from "../app/fusion-weights";
import { answerQuestion, answerToJson, AskOptionsError, checkAskOptions, type AskOptions } from "../answers";
import { isCalendarDate, startOfLocalDay } from "../digest/digest-window";
import { readJsonLines, writeJsonLine } from "./read-json-lines";
import { dropControlCharacters } from "../articles/control-characters";
import { UsageError } from "./usage-error";
import { warnIfEmptyIndex } from "./empty-index";

export const usage = 'ask "QUESTION" [--since DATE] [--until DATE] [--source NAME] [--as-of DATE] [--json] | ask --batch';

/** `value` as a calendar day: Date.parse alone would take "2025-02-30" for 2 March. */
function parseDate(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value.slice(0, 10))) throw new UsageError(`${name} must be a date YYYY-MM-DD, got "${value}"`);
  return value.slice(0, 10);
}

/**
 * The instant "now" means for a question asked as of `value`: a date-time as given, a date at its noon in
 * `timeZone` (so "today" and "this week" fall on that calendar day there).
 */
export function asOfClock(name: string, value: string | undefined, timeZone: string): (() => Date) | undefined {
  if (value === undefined) return undefined;
  if (isCalendarDate(value)) {
    const noon = new Date(startOfLocalDay(value, timeZone).getTime() + 12 * 3_600_000);
    return () => noon;
  }
  const instant = /^\d{4}-\d{2}-\d{2}T/.test(value) && isCalendarDate(value.slice(0, 10)) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(instant.getTime())) throw new UsageError(`${name} must be a date YYYY-MM-DD or an ISO date-time, got "${value}"`);
  return () => instant;
}

export async function runAsk(context: AppContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      since: { type: "string" },
      until: { type: "string" },
      source: { type: "string" },
      "as-of": { type: "string" },
      json: { type: "boolean", default: false },
      batch: { type: "boolean", default: false },
    },
  });
  const question = positionals.join(" ");
  if (!values.batch && question.trim() === "") throw new UsageError('ask needs a question, e.g. ask "Why is the Kremlin urging restraint?"');
  if (values.batch && positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}: --batch reads its questions from stdin`);
  const options: AskOptions = { since: parseDate("--since", values.since), until: parseDate("--until", values.until), source: values.source };
  const timeZone = context.config.digestTimeZone;
  const clock = asOfClock("--as-of", values["as-of"], timeZone) ?? context.clock;
  try {
    checkAskOptions(context.store, options);
  } catch (error) {
    if (error instanceof AskOptionsError) throw new Error(error.message);
    throw error;
  }
  warnIfEmptyIndex(context);
  const embedder = await context.queryEmbedder();
  const answerContext = {
    store: context.store,
    embedder,
    clock,
    timeZone,
    weights: fusionWeights(context.config, embedder?.model ?? null),
    onQuoteRejected: (quote: { articleId: string; text: string }, reason: string) =>
      context.logger.error({ articleId: quote.articleId, quote: quote.text, reason }, "quote failed verification and was dropped"),
  };

  if (values.batch) {
    for await (const line of readJsonLines()) {
      if ("error" in line) {
        writeJsonLine({ id: null, error: line.error });
        continue;
      }
      const { id, question, asOf } = line.value;
      if (typeof question !== "string") {
        writeJsonLine({ id: id ?? null, error: 'each line needs a string "question"' });
        continue;
      }
      let lineClock: (() => Date) | undefined;
      try {
        lineClock = asOf === undefined || asOf === null ? undefined : asOfClock('"asOf"', String(asOf), timeZone);
      } catch (error) {
        writeJsonLine({ id: id ?? null, error: (error as Error).message });
        continue;
      }
      const lineContext = lineClock ? { ...answerContext, clock: lineClock } : answerContext;
      writeJsonLine({ id: id ?? null, ...answerToJson(await answerQuestion(lineContext, question, options)) });
    }
    return 0;
  }

  const answer = await answerQuestion(answerContext, question, options);
  process.stdout.write(values.json ? `${JSON.stringify(answerToJson(answer))}\n` : `${dropControlCharacters(answer.text)}\n`);
  return 0;
}
