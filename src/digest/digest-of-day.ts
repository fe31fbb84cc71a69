import type { AppContext } from "../app/app-context";
import { buildDigest } from "./build-digest";
import { digestWindowForDate, yesterdayIn } from "./digest-window";
import { renderDigestText } from "./render-digest-text";
import type { Digest } from "./types";

type DigestContext = Pick<AppContext, "config" | "store" | "queryEmbedder">;

/** The digest of calendar day `date` (`YYYY-MM-DD`) in DIGEST_TZ: what `digest --date` prints. */
export async function buildDigestOfDay(context: DigestContext, date: string): Promise<Digest> {
  const window = digestWindowForDate(date, context.config.digestTimeZone);
  return buildDigest(context.store, { ...window, maxStories: context.config.digestMaxStories, embedder: await context.queryEmbedder() });
}

/** Yesterday's digest in DIGEST_TZ as text: the console's /digest. */
export async function yesterdaysDigestText(context: DigestContext & Pick<AppContext, "clock">): Promise<string> {
  const timeZone = context.config.digestTimeZone;
  return renderDigestText(await buildDigestOfDay(context, yesterdayIn(timeZone, context.clock())), { timeZone });
}
