import { parseArgs } from "node:util";
import type { AppContext } from "../app/app-context";
import { fusionWeights } from "../app/fusion-weights";
import { answerQuestion, answerToJson, type AskOptions } from "../answers";
import { readJsonLines, writeJsonLine } from "./read-json-lines";
import { UsageError } from "./usage-error";

export const usage = 'ask "QUESTION" [--since DATE] [--until DATE] [--source NAME] [--json] | ask --batch';

function parseDate(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value.slice(0, 10)))) {
    throw new Error(`--${name} must be a date YYYY-MM-DD, got "${value}"`);
  }
  return value.slice(0, 10);
}

export async function runAsk(context: AppContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      since: { type: "string" },
      until: { type: "string" },
      source: { type: "string" },
      json: { type: "boolean", default: false },
      batch: { type: "boolean", default: false },
    },
  });
  const question = positionals.join(" ");
  if (!values.batch && question.trim() === "") throw new UsageError('ask needs a question, e.g. ask "Why is the Kremlin urging restraint?"');
  const options: AskOptions = { since: parseDate("since", values.since), until: parseDate("until", values.until), source: values.source };
  const embedder = await context.queryEmbedder();
  const answerContext = {
    store: context.store,
    embedder,
    clock: context.clock,
    timeZone: context.config.digestTimeZone,
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
      const { id, question } = line.value;
      if (typeof question !== "string") {
        writeJsonLine({ id: id ?? null, error: 'each line needs a string "question"' });
        continue;
      }
      writeJsonLine({ id: id ?? null, ...answerToJson(await answerQuestion(answerContext, question, options)) });
    }
    return 0;
  }

  const answer = await answerQuestion(answerContext, question, options);
  process.stdout.write(values.json ? `${JSON.stringify(answerToJson(answer))}\n` : `${answer.text}\n`);
  return 0;
}
