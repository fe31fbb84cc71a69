import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A dated Reuters-21578 story, shaped like an article input of newsdesk. */
export interface ReutersStory {
  /** `reuters-<NEWID>`. */
  id: string;
  title: string;
  /** The body: paragraphs separated by a blank line, the " Reuter" sign-off removed. */
  text: string;
  /** UTC ISO date-time, e.g. `1987-02-26T15:01:01.790Z`. */
  published: string;
  source: "Reuters";
}

export interface LoadReutersOptions {
  /** Stop after this many stories, in file and NEWID order. */
  limit?: number;
}

const STORY = /<REUTERS\b[^>]*?\bNEWID="(\d+)"[^>]*>([\s\S]*?)<\/REUTERS>/g;
const DATE = /<DATE>([\s\S]*?)<\/DATE>/;
const TITLE = /<TITLE>([\s\S]*?)<\/TITLE>/;
const BODY = /<BODY>([\s\S]*?)<\/BODY>/;
// `26-FEB-1987 15:01:01.79`; some have a space before the day or two before the time, or one fraction digit.
const DATE_TIME = /^\s*(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?/;
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
// The wire's sign-off, on its own line or after a sentence, and its variants: "REUTER...", "REUTERS", "REUTE",
// "Reuter4", "REUTER11:43/VB" and operator initials ("REUTER TAW").
const SIGN_OFF = /(^|\n|[.)"\d-])[ \t]*(?:REUTE(?:RS?)?|Reuters?|reuter)(?:\.\.\.|\d\d:\d\d\/\w+|\d+| [A-Z]{1,3})?\s*$/;

/** Reads the 22 `reut2-*.sgm` files (latin-1) and returns the stories that have a title, a body and a valid date. */
export function loadReutersStories(dir: string, options: LoadReutersOptions = {}): ReutersStory[] {
  const limit = options.limit ?? Infinity;
  const files = readdirSync(dir).filter((name) => /^reut2-\d+\.sgm$/.test(name)).sort();
  const stories: ReutersStory[] = [];
  for (const file of files) {
    if (stories.length >= limit) break;
    for (const story of parseReutersSgml(readFileSync(join(dir, file), "latin1"))) {
      if (stories.length >= limit) break;
      stories.push(story);
    }
  }
  return stories;
}

/** Parses the text of one Reuters-21578 SGML file; stories lacking a title, a body or a readable date are left out. */
export function parseReutersSgml(sgml: string): ReutersStory[] {
  const stories: ReutersStory[] = [];
  for (const [, newId, content] of sgml.matchAll(STORY)) {
    const rawDate = DATE.exec(content!)?.[1];
    const rawTitle = TITLE.exec(content!)?.[1];
    const rawBody = BODY.exec(content!)?.[1];
    if (rawDate === undefined || rawTitle === undefined || rawBody === undefined) continue;
    const published = parseReutersDate(rawDate);
    const title = cleanText(rawTitle).replace(/\s+/g, " ").trim();
    const text = toParagraphs(stripSignOffs(cleanText(rawBody)));
    if (published === null || title === "" || text === "") continue;
    stories.push({ id: `reuters-${newId}`, title, text, published, source: "Reuters" });
  }
  return stories;
}

/** `26-FEB-1987 15:01:01.79` → `1987-02-26T15:01:01.790Z`; null when it is not a real date-time (one has hour 605). */
export function parseReutersDate(raw: string): string | null {
  const match = DATE_TIME.exec(raw);
  if (!match) return null;
  const [, day, monthName, year, hour, minute, second, fraction = ""] = match;
  const month = MONTHS.indexOf(monthName!);
  const parts = [Number(year), month, Number(day), Number(hour), Number(minute), Number(second)] as const;
  const date = new Date(Date.UTC(...parts, Number(fraction.padEnd(3, "0"))));
  const roundTrips =
    month >= 0 &&
    date.getUTCFullYear() === parts[0] &&
    date.getUTCMonth() === parts[1] &&
    date.getUTCDate() === parts[2] &&
    date.getUTCHours() === parts[3] &&
    date.getUTCMinutes() === parts[4] &&
    date.getUTCSeconds() === parts[5];
  return roundTrips ? date.toISOString() : null;
}

/** Decodes SGML entities and removes the wire's control characters, keeping line breaks. */
function cleanText(raw: string): string {
  return (
    raw
      .replace(/&(?:#(\d+)|([a-z]+));/gi, (entity, code: string | undefined, name: string | undefined) =>
        code !== undefined ? String.fromCharCode(Number(code)) : (NAMED_ENTITIES[name!.toLowerCase()] ?? entity),
      )
      // A few stories carry terminal escapes ("Semiconducto\x1b[Br") and carriage returns typed out as "^M".
      .replace(/\x1b\[[\d;]*[A-Za-z]/g, "")
      .replace(/\^M$/gm, "")
      // Other control characters (\x03 end of text, \x7f in place of a lost letter) become a space.
      .replace(/[\x00-\x09\x0b-\x1f\x7f]/g, " ")
  );
}

/** Some stories are signed off twice ("REUTER\n Reuter"). */
function stripSignOffs(body: string): string {
  let stripped = body;
  for (let previous = ""; previous !== stripped; ) {
    previous = stripped;
    stripped = stripped.replace(SIGN_OFF, "$1");
  }
  return stripped;
}

/** Joins the wire's fixed-width lines; an indented or blank line starts a new paragraph. */
function toParagraphs(body: string): string {
  const paragraphs: string[] = [];
  let current = "";
  for (const line of body.split("\n")) {
    const words = line.trim();
    if (words === "" || /^\s/.test(line)) {
      if (current !== "") paragraphs.push(current);
      current = "";
    }
    if (words !== "") current = current === "" ? words : `${current} ${words}`;
  }
  if (current !== "") paragraphs.push(current);
  return paragraphs.map((paragraph) => paragraph.replace(/\s+/g, " ")).join("\n\n");
}

/** Groups stories by UTC day (`YYYY-MM-DD`), days in ascending order and each day's stories by time of day. */
export function storiesByDay(stories: readonly ReutersStory[]): Map<string, ReutersStory[]> {
  const sorted = [...stories].sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : 0));
  const byDay = new Map<string, ReutersStory[]>();
  for (const story of sorted) {
    const day = story.published.slice(0, 10);
    const list = byDay.get(day);
    if (list) list.push(story);
    else byDay.set(day, [story]);
  }
  return byDay;
}
