import { formatDay, localDay } from "../retrieval/time-window";
import type { DigestWindow } from "./types";

const DAY_MS = 86_400_000;
// Every zone's offset lies within ±14 h, so a calendar day starts within 15 h of its UTC midnight.
const ZONE_REACH_MS = 15 * 3_600_000;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): string {
  return formatDay(localDay(instant, timeZone));
}

/**
 * The first instant of calendar day `day` in `timeZone`. Searched rather than computed from an offset, because
 * where daylight saving starts at midnight (e.g. America/Santiago) the day begins at 01:00, and only the zone
 * database knows that.
 */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  let low = utcMidnight - ZONE_REACH_MS; // still the day before everywhere
  let high = utcMidnight + ZONE_REACH_MS; // already `day` (or later) everywhere
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (localDateOf(new Date(middle), timeZone) >= day) high = middle;
    else low = middle;
  }
  return new Date(high);
}

/** Calendar day `date` (`YYYY-MM-DD`) in `timeZone`: 24 hours, or 23/25 on daylight-saving days. */
export function digestWindowForDate(date: string, timeZone: string): DigestWindow {
  if (!isCalendarDate(date)) throw new RangeError(`"${date}" is not a calendar date; use YYYY-MM-DD, e.g. 2025-06-24`);
  return {
    from: startOfLocalDay(date, timeZone).toISOString(),
    to: startOfLocalDay(addDays(date, 1), timeZone).toISOString(),
    timeZone,
  };
}

/** The calendar day before the one `now` falls on in `timeZone`: what a morning digest looks back on. */
export function yesterdayIn(timeZone: string, now: Date): string {
  return addDays(localDateOf(now, timeZone), -1);
}

/** The date-only labels that belong to a window: the days whose end falls in (from, to]. */
export function dateOnlyDaysIn(window: DigestWindow): string[] {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  const days: string[] = [];
  const last = localDateOf(new Date(to), window.timeZone);
  for (let day = addDays(localDateOf(new Date(from), window.timeZone), -1); day <= last; day = addDays(day, 1)) {
    const end = startOfLocalDay(addDays(day, 1), window.timeZone).getTime();
    if (end > from && end <= to) days.push(day);
  }
  return days;
}
