// A namespace import, so that the build can leave out the parts of zod not used here.
import * as z from "zod";
import { articleId } from "./article-id";
import { normaliseIsoDate } from "./dates";
import { outletFromUrl } from "./outlet-names";
import { normaliseLine } from "./paragraphs";
import { dropTrailingLinkLists, stripBoilerplate } from "./strip-boilerplate";
import type { ArticleOutcome, FailedArticle, FileReadResult, ParsedArticle } from "./types";

/** The article shape of CONTRACT.md; fields it does not name are ignored. */
const ArticleInputSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  title: z.string(),
  text: z.string(),
  url: z.string().nullish(),
  published: z.string().nullish(),
  source: z.string().nullish(),
  author: z.string().nullish(),
});

/** One line for zod's complaints: `missing "title"; "text" must be a string`. */
function describeIssues(issues: z.ZodError["issues"], input: Record<string, unknown>): string {
  return issues
    .map((issue) => {
      const field = String(issue.path[0]);
      if (input[field] === undefined) return `missing "${field}"`;
      return field === "id" ? `"id" must be a string or a number` : `"${field}" must be a string${field === "title" || field === "text" ? "" : " or null"}`;
    })
    .join("; ");
}

function optionalText(value: string | null | undefined): string | null {
  return value ? normaliseLine(value) || null : null;
}

function httpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** One article of a `.json`/`.jsonl` file, validated and normalised. `index` is its position in an array or file of lines. */
export function articleFromJson(value: unknown, path: string, index?: number): ArticleOutcome {
  if (!value || typeof value !== "object" || Array.isArray(value)) return { error: 'not an article object {"title", "text", …}' };
  const parsed = ArticleInputSchema.safeParse(value);
  if (!parsed.success) return { error: describeIssues(parsed.error.issues, value as Record<string, unknown>) };
  const input = parsed.data;

  const title = normaliseLine(input.title);
  if (!title) return { error: '"title" is empty' };
  // A scraper's text carries its page's furniture ("Read more:" links to other stories, captions, credits, the
  // headline again), removed as from a scraped text file. Measured 2026-12-04 keyword-only on the RealTimeQA 2022–23
  // and 2024 samples (669 and 470 questions as of their quiz dates): quotes opening "More:", "Read more:", "Related:",
  // "Watch:", "Video:", "Photos:" or "Editor's note", or holding "live updates:", 11 and 12 → 3 and 3; the answer
  // quoted 218 and 119 → 216 and 120 (one lost quoted "More:Eagles make QB Jalen Hurts…", now "Hurts and the
  // Philadelphia Eagles have agreed…"). SQuAD and our written questions are not read from JSON.
  const lines = input.text.split(/\r\n?|\n/).map((line) => ({ text: normaliseLine(line), isLinkOnly: false }));
  if (lines.every((line) => line.text === "")) return { error: 'no text: "text" is empty' };
  const text = stripBoilerplate(dropTrailingLinkLists(lines), title).join("\n\n");
  if (!text) return { error: 'no article text: "text" holds only page furniture (links to other stories, captions, credits)' };
  const url = optionalText(input.url);
  if (url && !httpUrl(url)) return { error: `"url" is not an http(s) address: ${JSON.stringify(url)}` };
  const givenDate = optionalText(input.published);
  const published = givenDate && normaliseIsoDate(givenDate);
  if (givenDate && !published) {
    return { error: `"published" is not an ISO 8601 date or date-time: ${JSON.stringify(givenDate)} (write e.g. 2025-06-24 or 2025-06-24T09:30:00Z)` };
  }
  const article: ParsedArticle = {
    id: articleId({ id: input.id === undefined || input.id === "" ? null : String(input.id), url, path, index }),
    title,
    text,
    url,
    published: published ?? null,
    source: optionalText(input.source) ?? outletFromUrl(url),
    author: optionalText(input.author),
    path,
  };
  return { article };
}

/** A JSON.parse error as one line, with line and column when the engine gives a position. */
export function describeJsonError(error: unknown, source: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (position) {
    const before = source.slice(0, Number(position[1]));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    return `${message.replace(/\s*in JSON at position.*$/s, "")} at line ${line}, column ${column}`;
  }
  // V8 quotes the whole input after the complaint ("Unexpected token '}', "{…" is not valid JSON").
  return message.replace(/, ".*" is not valid JSON$/s, "").split("\n")[0]!;
}

function collect(path: string, outcomes: { outcome: ArticleOutcome; label: string }[]): FileReadResult {
  const articles: ParsedArticle[] = [];
  const failed: FailedArticle[] = [];
  for (const { outcome, label } of outcomes) {
    if ("article" in outcome) articles.push(outcome.article);
    else failed.push({ path, reason: `${label}: ${outcome.error}` });
  }
  return { path, articles, failed };
}

/** A `.json` file: one article object, or an array of them (bad items are listed in `failed`). */
export function parseJsonArticles(source: string, path: string): FileReadResult {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return { path, error: `malformed JSON: ${describeJsonError(error, source)}` };
  }
  if (!Array.isArray(value)) {
    const outcome = articleFromJson(value, path);
    return "article" in outcome ? { path, articles: [outcome.article], failed: [] } : { path, error: outcome.error };
  }
  if (value.length === 0) return { path, error: "no articles: the JSON array is empty" };
  return collect(
    path,
    value.map((item, index) => ({ outcome: articleFromJson(item, path, index), label: `item ${index + 1}` })),
  );
}

/** A `.jsonl` file: one article per line; a bad line is listed in `failed` with its line number, the good ones are kept. */
export function parseJsonLinesArticles(source: string, path: string): FileReadResult {
  const outcomes = source.split("\n").flatMap((line, index) => {
    if (line.trim() === "") return [];
    const label = `line ${index + 1}`;
    try {
      return [{ outcome: articleFromJson(JSON.parse(line), path, index), label }];
    } catch (error) {
      return [{ outcome: { error: `malformed JSON: ${describeJsonError(error, line).replace(/ at line 1,/, " at")}` }, label }];
    }
  });
  return collect(path, outcomes);
}
