import { MONTHS } from "../retrieval/time-window";
import type { Quote } from "./types";

/** "in 2019", "in May", "last year": a period the question names, which may be when something happened (or will) rather than when it was reported. */
const NAMED_PERIOD = new RegExp(`^(?:(?:in|during) ((?:19|20)\\d{2}|${MONTHS.join("|")})|last (year|month|week))$`, "i");

/** A period a question names, to be asked about again without its window. */
export interface NamedPeriod {
  /** The question to ask again: "in 2019" as the word "2019", "in July" as "July", "last year" left out. */
  retried: string;
  /** Whether a quote tells of the period: names it, or says "last year" in an article of the year after. */
  tells: (quote: Quote) => boolean;
}

/**
 * Whether an article published on `published` that names a month without its year ("in August") means the month
 * starting `since`: it means the one nearest its own date, which is that month, or the same month a year on for a
 * question about one to come that does not say "will" ("How much are fares going up in July?", asked in November).
 * An article of November 2022 naming August tells of August 2022, not of the August 2023 asked about.
 */
function tellsOfMonth(published: string, since: string): boolean {
  const monthNumber = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  const after = monthNumber(published) - monthNumber(since);
  return after > -6 && after <= 18;
}

/** Whether `published` falls in the period as long as `since`–`until` right after it: an article of then says "last …" of it. */
function inPeriodAfter(published: string, since: string, until: string): boolean {
  const day = (date: string) => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000);
  const after = day(published) - day(until);
  return after > 0 && after <= day(until) - day(since) + 1;
}

/**
 * The period `phrase` names, searched as `since`–`until`, or null for any other date phrase. `question` is as asked,
 * `rest` the question less the phrase.
 */
export function namedPeriod(question: string, rest: string, phrase: string, since: string, until: string): NamedPeriod | null {
  const named = NAMED_PERIOD.exec(phrase);
  if (!named) return null;
  const [, word, lastUnit] = named;
  const retried = word ? question.replace(phrase, word) : rest;
  if (retried === question) return null;
  const unit = lastUnit?.toLowerCase() ?? (/^\d/.test(word!) ? "year" : "month");
  const month = MONTHS[Number(since.slice(5, 7)) - 1]!;
  // A month capitalised, as articles write it: "may" is mostly the verb.
  const told = unit === "year" ? since.slice(0, 4) : unit === "month" ? month[0]!.toUpperCase() + month.slice(1) : null;
  const namesPeriod = told ? new RegExp(`(?<![\\p{L}\\p{N}])${told}(?![\\p{L}\\p{N}])`, "u") : null;
  const saysLast = new RegExp(`\\blast (?:[\\p{L}-]+ )?${unit}\\b`, "iu");
  const tells = ({ text, published }: Quote) =>
    (namesPeriod?.test(text) === true && (unit !== "month" || published === null || tellsOfMonth(published, since))) ||
    (saysLast.test(text) && published !== null && inPeriodAfter(published, since, until));
  return { retried, tells };
}
