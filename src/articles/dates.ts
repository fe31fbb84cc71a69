const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_NAME =
  "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Date shapes found in scraped prose, each mapping its groups to year, month, day. */
const PROSE_DATES: { pattern: RegExp; parts: (m: RegExpExecArray) => [string, string, string] }[] = [
  { pattern: /\b(\d{4})-(\d{2})-(\d{2})(?![\d])/, parts: (m) => [m[1]!, m[2]!, m[3]!] },
  { pattern: /\b(\d{4})\/(\d{1,2})\/(\d{1,2})\b/, parts: (m) => [m[1]!, m[2]!, m[3]!] },
  {
    pattern: new RegExp(`\\b${MONTH_NAME}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "i"),
    parts: (m) => [m[3]!, m[1]!, m[2]!],
  },
  {
    pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_NAME}\\.?,?\\s+(\\d{4})\\b`, "i"),
    parts: (m) => [m[3]!, m[2]!, m[1]!],
  },
];

/** `YYYY-MM-DD` when the parts name a real calendar day, else null. */
function calendarDate(year: string, month: string, day: string): string | null {
  const monthNumber = /^\d+$/.test(month) ? Number(month) : MONTHS.indexOf(month.slice(0, 3).toLowerCase()) + 1;
  const y = Number(year);
  const d = Number(day);
  const date = new Date(Date.UTC(y, monthNumber - 1, d));
  if (monthNumber < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== monthNumber - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return `${year.padStart(4, "0")}-${String(monthNumber).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * A strict ISO 8601 date or date-time, normalised: a date stays `YYYY-MM-DD`, a date-time becomes
 * the UTC instant (`toISOString`). A date-time without an offset is read as UTC, not as the
 * machine's local time, so the same file gives the same value everywhere. Null when invalid.
 */
export function normaliseIsoDate(value: string): string | null {
  const match = ISO_DATE_TIME.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const date = calendarDate(year!, month!, day!);
  if (!date) return null;
  if (hour === undefined) return date;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return null;
  const zone = !offset || /^z$/i.test(offset) ? "Z" : offset.includes(":") ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
  const instant = new Date(`${date}T${hour}:${minute}:${second ?? "00"}${fraction ?? ""}${zone}`);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

export interface DateMatch {
  /** `YYYY-MM-DD` */
  date: string;
  index: number;
  length: number;
}

/** The first calendar date written in `text` ("June 24, 2025", "24 June 2025", "2025-12-30", "2025/12/30"). */
export function findDate(text: string): DateMatch | null {
  let best: DateMatch | null = null;
  for (const { pattern, parts } of PROSE_DATES) {
    const match = pattern.exec(text);
    if (!match) continue;
    const date = calendarDate(...parts(match));
    if (date && (!best || match.index < best.index)) best = { date, index: match.index, length: match[0].length };
  }
  return best;
}

/** Words that may stand beside a date on a dateline without making it a sentence. */
const DATELINE_FILLER =
  /^(?:date[d:]?|published:?|updated:?|posted:?|last|modified:?|on|at|[ap]\.?m\.?|gmt|utc|[+-]?\d[\d:.+-]*|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?|\p{Lu}{2,}[\p{Lu}\d+:-]*)$/u;

/**
 * True for a line that is a dateline rather than prose: a date with at most two other words
 * besides dateline filler (weekday, time, zone, "Published", an all-caps section label), and no
 * full stop after other words, e.g. "June 24, 2025", " date 2025-12-30 WORLD", "Updated: Tuesday
 * 24 June 2025 12.30 BST" — but not a wrapped line of prose such as "after Sept 26, 1987.".
 */
export function isDateLine(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length > 80) return false;
  const found = findDate(trimmed);
  if (!found) return false;
  const rest = `${trimmed.slice(0, found.index)} ${trimmed.slice(found.index + found.length)}`;
  const words = rest.split(/[\s|•·,()–—]+/).filter((word) => word !== "" && word !== "-");
  if (words.length > 0 && /[.!?]["”’]?$/.test(trimmed)) return false;
  return words.filter((word) => !DATELINE_FILLER.test(word)).length <= 2;
}
