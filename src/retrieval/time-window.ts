/** Inclusive calendar-day bounds, `YYYY-MM-DD`. */
export interface DateWindow {
  since?: string;
  until?: string;
}

export const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTH_PATTERN = `(${MONTHS.join("|")}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?`;

interface Day {
  year: number;
  month: number; // 1-12
  day: number;
}

/** The calendar day `now` falls on in `timeZone`. */
export function localDay(now: Date, timeZone: string): Day {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const get = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  return { year: get("year"), month: get("month"), day: get("day") };
}

function toUtc(day: Day): Date {
  return new Date(Date.UTC(day.year, day.month - 1, day.day));
}

function fromUtc(date: Date): Day {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function formatDay(day: Day): string {
  return `${day.year}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`;
}

/** The day's place in a Monday-first week (Monday = 0), as WEEKDAYS lists them. */
function weekdayIndex(day: Day): number {
  return (toUtc(day).getUTCDay() + 6) % 7;
}

function addDays(day: Day, days: number): Day {
  return fromUtc(new Date(toUtc(day).getTime() + days * 86_400_000));
}

function monthIndex(name: string): number {
  return MONTHS.findIndex((month) => month.startsWith(name.replace(".", "").slice(0, 3)));
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthWindow(year: number, month: number): DateWindow {
  return { since: formatDay({ year, month, day: 1 }), until: formatDay({ year, month, day: lastDayOfMonth(year, month) }) };
}

interface Rule {
  pattern: RegExp;
  /** `future`: the question speaks of what will happen, so a month or day without a year is the next one. */
  window(match: RegExpMatchArray, today: Day, future: boolean): DateWindow;
}

/** "When will the cannery close in March?": a question about what is still to come. */
const SPEAKS_OF_FUTURE = /\b(?:will|won't|shall|going to|gonna|(?:plans?|planning|set|expected|scheduled) to)\b/;

const RULES: Rule[] = [
  { pattern: /\btoday\b/, window: (_, today) => ({ since: formatDay(today), until: formatDay(today) }) },
  { pattern: /\byesterday\b/, window: (_, today) => ({ since: formatDay(addDays(today, -1)), until: formatDay(addDays(today, -1)) }) },
  {
    pattern: /\b(?:in the )?(?:past|last) (\d{1,3}) (day|week|month)s?\b/,
    window: (match, today) => {
      const days = Number(match[1]) * { day: 1, week: 7, month: 30 }[match[2] as "day" | "week" | "month"];
      return { since: formatDay(addDays(today, -days)), until: formatDay(today) };
    },
  },
  {
    // "Over the last year", "in the past week", "the past year": the days up to today, not the calendar year before.
    pattern: /\b(?:(?:over|in|during|within|for) )?the (?:last|past) (week|month|year)\b|\bpast (year)\b/,
    window: (match, today) => {
      const days = { week: 7, month: 30, year: 365 }[(match[1] ?? match[2]) as "week" | "month" | "year"];
      return { since: formatDay(addDays(today, -days)), until: formatDay(today) };
    },
  },
  {
    pattern: /\b(this|last|past) week\b/,
    window: (match, today) => {
      const monday = addDays(today, -weekdayIndex(today));
      // "This week" in news is the seven days up to today, not the calendar week: asked on a Monday or of a Friday's
      // quiz, the weekend before belongs to it (on a Sunday the two agree). Measured 2026-12-01 keyword-only on the
      // RealTimeQA samples, asked as of their Friday quiz dates: 2022–23 194 → 196 quoting the answer, none lost;
      // 2024 unchanged.
      if (match[1] === "this") return { since: formatDay(addDays(today, -6)), until: formatDay(today) };
      if (match[1] === "past") return { since: formatDay(addDays(today, -7)), until: formatDay(today) };
      return { since: formatDay(addDays(monday, -7)), until: formatDay(addDays(monday, -1)) };
    },
  },
  {
    pattern: /\b(this|last|past) month\b/,
    window: (match, today) => {
      if (match[1] === "this") return { since: formatDay({ ...today, day: 1 }), until: formatDay(today) };
      if (match[1] === "past") return { since: formatDay(addDays(today, -30)), until: formatDay(today) };
      const year = today.month === 1 ? today.year - 1 : today.year;
      return monthWindow(year, today.month === 1 ? 12 : today.month - 1);
    },
  },
  {
    pattern: /\b(this|last) year\b/,
    window: (match, today) => {
      const year = match[1] === "this" ? today.year : today.year - 1;
      return { since: `${year}-01-01`, until: match[1] === "this" ? formatDay(today) : `${year}-12-31` };
    },
  },
  {
    pattern: new RegExp(`\\bon ${MONTH_PATTERN} (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?\\b`),
    window: (match, today, future) => dayWindow(today, monthIndex(match[1]!) + 1, Number(match[2]), match[3], future),
  },
  {
    pattern: new RegExp(`\\bon (\\d{1,2})(?:st|nd|rd|th)? ${MONTH_PATTERN}(?:,? (\\d{4}))?\\b`),
    window: (match, today, future) => dayWindow(today, monthIndex(match[2]!) + 1, Number(match[1]), match[3], future),
  },
  {
    // "on 2025-06-24", "since 2025-06-01": a day written as --as-of, --since and --until take it.
    pattern: /\b(?:(on|since) )?(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b/,
    window: (match, today, future) => {
      const day = dayWindow(today, Number(match[3]), Number(match[4]), match[2], future);
      return match[1] === "since" ? { since: day.since } : day;
    },
  },
  {
    pattern: new RegExp(`\\b(in|during|since) ${MONTH_PATTERN}(?:,? (\\d{4}))?\\b`),
    window: (match, today, future) => {
      const month = monthIndex(match[2]!) + 1;
      // Without a year: the last such month, or the next one in a question about what will happen.
      const last = month > today.month ? today.year - 1 : today.year;
      const next = month < today.month ? today.year + 1 : today.year;
      const year = match[3] ? Number(match[3]) : future ? next : last;
      const window = monthWindow(year, month);
      return match[1] === "since" ? { since: window.since } : window;
    },
  },
  {
    pattern: /\b(in|during|since) ((?:19|20)\d{2})\b/,
    window: (match) => (match[1] === "since" ? { since: `${match[2]}-01-01` } : { since: `${match[2]}-01-01`, until: `${match[2]}-12-31` }),
  },
];

function dayWindow(today: Day, month: number, day: number, year: string | undefined, future: boolean): DateWindow {
  const ahead = month > today.month || (month === today.month && day > today.day);
  // Without a year: the last such day, or the next one in a question about what will happen.
  const upcoming = ahead || (month === today.month && day === today.day) ? today.year : today.year + 1;
  const resolvedYear = year ? Number(year) : future ? upcoming : ahead ? today.year - 1 : today.year;
  const date = formatDay({ year: resolvedYear, month, day: Math.min(day, lastDayOfMonth(resolvedYear, month)) });
  return { since: date, until: date };
}

/**
 * Finds a relative date phrase in a question ("yesterday", "this week", "in June", "last month") and turns it
 * into a window of calendar days in `timeZone`, relative to `now`. Returns the question without the phrase, and the
 * phrase. A period still to come ("Which state will ban plastic bags in 2026?", or "in March" in a question about what
 * will happen) is when something will happen, not when it was reported: no article is published then, so it stays
 * in the question as words.
 * "Recent" as a window of 30 or 90 days was measured and not kept: docs/answers-not-kept.md.
 */
export function resolveTimeWindow(question: string, now: Date, timeZone: string): { window: DateWindow | null; rest: string; phrase: string | null } {
  const lowered = question.toLowerCase();
  const today = localDay(now, timeZone);
  const future = SPEAKS_OF_FUTURE.test(lowered);
  for (const rule of RULES) {
    const match = lowered.match(rule.pattern);
    if (!match || match.index === undefined) continue;
    const window = rule.window(match, today, future);
    if (window.since !== undefined && window.since > formatDay(today)) continue;
    const rest = question.slice(0, match.index) + question.slice(match.index + match[0].length);
    return { window, rest, phrase: question.slice(match.index, match.index + match[0].length) };
  }
  return { window: null, rest: question, phrase: null };
}

const WEEKDAY_PHRASE = new RegExp(`\\b(?:(?:on|last) )?(${WEEKDAYS.join("|")})(?:['’]s)?\\b`);

/**
 * A weekday in a question ("…on Tuesday", "last Friday's"), as the latest such day before today, and the question
 * without it. Not one of resolveTimeWindow's rules: beside other words a weekday is when the story happened, told in
 * articles published that day or after ("What NFL star announced his retirement on Tuesday?"), and filtering on it
 * would drop them; only a question asking for nothing else ("What happened on Tuesday?") takes it as a window.
 */
export function resolveWeekday(question: string, now: Date, timeZone: string): { window: DateWindow; rest: string; phrase: string } | null {
  const match = question.toLowerCase().match(WEEKDAY_PHRASE);
  if (!match || match.index === undefined) return null;
  const today = localDay(now, timeZone);
  const daysBack = (weekdayIndex(today) - WEEKDAYS.indexOf(match[1]!) + 6) % 7 + 1;
  const day = formatDay(addDays(today, -daysBack));
  const rest = question.slice(0, match.index) + question.slice(match.index + match[0].length);
  return { window: { since: day, until: day }, rest, phrase: question.slice(match.index, match.index + match[0].length) };
}

/** Intersects the explicit `--since/--until` with a window found in the question. */
export function combineWindows(explicit: DateWindow, found: DateWindow | null): DateWindow {
  if (!found) return explicit;
  const since = [explicit.since, found.since].filter(Boolean).sort().at(-1);
  const until = [explicit.until, found.until].filter(Boolean).sort()[0];
  return { ...(since ? { since } : {}), ...(until ? { until } : {}) };
}
