import { parseArgs } from "node:util";
import type { AppContext } from "../app/app-context";
import { digestToJson } from "../digest/build-digest";
import { buildDigestOfDay } from "../digest/digest-of-day";
import { isCalendarDate, yesterdayIn } from "../digest/digest-window";
import { renderDigestText } from "../digest/render-digest-text";
import { dropControlCharacters } from "../articles/control-characters";
import { UsageError } from "./usage-error";

export const usage = "digest [--date YYYY-MM-DD] [--json]";

export async function runDigest(context: AppContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { date: { type: "string" }, json: { type: "boolean", default: false } } });
  const timeZone = context.config.digestTimeZone;
  if (values.date !== undefined && !isCalendarDate(values.date)) {
    throw new UsageError(`--date ${JSON.stringify(values.date)} is not a calendar date; use YYYY-MM-DD, e.g. 2025-06-24`);
  }
  const digest = await buildDigestOfDay(context, values.date ?? yesterdayIn(timeZone, context.clock()));
  process.stdout.write(values.json ? `${JSON.stringify(digestToJson(digest))}\n` : `${dropControlCharacters(renderDigestText(digest, { timeZone }))}\n`);
  return 0;
}
