import { readCoverage, type Store } from "../store";
import type { AskOptions } from "./answer-question";

/** A filter that can never match, said in one line with the fix. */
export class AskOptionsError extends Error {}

/** How many outlet names an unknown `--source` lists before "…". */
const OUTLETS_LISTED = 12;

/**
 * Refuses filters that cannot be what was meant: a reversed date range, or an outlet the index does not
 * hold (named with the outlets it does hold).
 */
export function checkAskOptions(store: Store, options: AskOptions): void {
  if (options.since && options.until && options.since > options.until) {
    throw new AskOptionsError(`--since ${options.since} is after --until ${options.until}: swap them`);
  }
  if (options.source) {
    const wanted = options.source.toLowerCase();
    const { outlets } = readCoverage(store);
    if (!outlets.some(({ source }) => source.toLowerCase().includes(wanted))) {
      const names = outlets.map(({ source }) => source);
      const listed = names.length
        ? `the index holds ${names.slice(0, OUTLETS_LISTED).join(", ")}${names.length > OUTLETS_LISTED ? ", …" : ""}`
        : "the index holds no articles with an outlet";
      throw new AskOptionsError(`no articles from an outlet matching "${options.source}": ${listed}`);
    }
  }
}
