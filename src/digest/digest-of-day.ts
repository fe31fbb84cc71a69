import type { AppContext } from "../app/app-context";
import { buildDigest } from "./build-digest";
import { readCoverage } from "../store";
import { digestWindowForDate, localDateOf, yesterdayIn } from "./digest-window";
import { renderDigestText } from "./render-digest-text";
import type { Digest } from "./types";

type DigestContext = Pick<AppContext, "config" | "store" | "queryEmbedder">;

/** The digest of calendar day `date` (`YYYY-MM-DD`) in DIGEST_TZ: what `digest --date` prints. */
export async function buildDigestOfDay(context: DigestContext, date: string): Promise<Digest> {
  const window = digestWindowForDate(date, context.config.digestTimeZone);
  return buildDigest(context.store, { ...window, maxStories: context.config.digestMaxStories, embedder: await context.queryEmbedder() });
}

/**
 * The digest of `date` (yesterday when none) in DIGEST_TZ as text: the console's /digest. A day with nothing, while
 * the index holds older articles, names the newest one's day: the sample articles are a year old, so a newcomer's
 * first /digest would otherwise only say there is nothing new.
 */
export async function digestTextOfDay(context: DigestContext & Pick<AppContext, "clock">, date?: string): Promise<string> {
  const timeZone = context.config.digestTimeZone;
  const digest = await buildDigestOfDay(context, date ?? yesterdayIn(timeZone, context.clock()));
  const text = renderDigestText(digest, { timeZone });
  if (digest.items.length > 0) return text;
  const newest = readCoverage(context.store).newest;
  if (newest === null || Date.parse(newest) >= Date.parse(digest.from)) return text;
  const day = localDateOf(new Date(newest), timeZone);
  return `${text}\nThe newest article in the index is from ${day}: /digest ${day} shows that day.`;
}
