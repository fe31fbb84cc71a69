import type { DateWindow } from "../retrieval/time-window";
import { formatPublished } from "./format-citation";

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "on 24 Jun 2025", "in June 2026", "in 2025", "between 1 Jun 2025 and 3 Jun 2025", "since 1 Jun 2025". */
export function describeWindow(window: DateWindow): string {
  const { since, until } = window;
  if (since && until) {
    if (since === until) return `on ${formatPublished(since)}`;
    const [sy, sm, sd] = since.split("-").map(Number) as [number, number, number];
    const [uy, um, ud] = until.split("-").map(Number) as [number, number, number];
    if (sd === 1 && sy === uy && sm === 1 && um === 12 && ud === 31) return `in ${sy}`;
    if (sd === 1 && sy === uy && sm === um && ud === lastDayOfMonth(uy, um)) return `in ${MONTH_NAMES[sm - 1]} ${sy}`;
    return `between ${formatPublished(since)} and ${formatPublished(until)}`;
  }
  if (since) return `since ${formatPublished(since)}`;
  if (until) return `until ${formatPublished(until)}`;
  return "";
}

/** "June 2025" for an ISO date or date-time. */
export function describeMonth(isoDate: string): string {
  return `${MONTH_NAMES[Number(isoDate.slice(5, 7)) - 1]} ${isoDate.slice(0, 4)}`;
}
