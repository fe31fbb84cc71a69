import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadReutersStories, storiesByDay, type ReutersStory } from "../bench/datasets/reuters";
import { createAppContext } from "../src/app/app-context";
import { runDigest } from "../src/cli/digest";
import { loadConfig } from "../src/config/load-config";
import { buildDigest, digestToJson } from "../src/digest/build-digest";
import { dateOnlyDaysIn, digestWindowForDate, startOfLocalDay, yesterdayIn } from "../src/digest/digest-window";
import { pickLeadQuotes } from "../src/digest/pick-lead-quotes";
import { DISCORD_LIMITS, PLAIN_MARKUP, quoteLine, renderDigestParts, renderDigestText } from "../src/digest/render-digest-text";
import type { Digest } from "../src/digest/types";
import { ingestPaths } from "../src/ingest/ingest-paths";
import { closeStore, findCopy, getArticle, getArticlesByRowid, openStore, type Store } from "../src/store";
import { fixtureDatasets } from "./support/bench-datasets";

const ROOT = path.resolve(__dirname, "..");
const DAY = "1987-10-19";
const NEXT_DAY = "1987-10-20";
const INGESTED_AT = new Date("1987-10-19T12:00:00Z");

/** A story told by two outlets, a date-only article and an undated one, beside the Reuters wire of two days. */
const EXTRA_ARTICLES = [
  {
    id: "bbc-reykjanes",
    title: "Volcano erupts near Grindavik on the Reykjanes peninsula",
    text: "REYKJAVIK, Oct 19 - A volcano erupted near the fishing town of Grindavik on Iceland's Reykjanes peninsula on Monday, sending lava fountains into the night sky.\n\nThe Icelandic Met Office said the eruption began shortly after 10 p.m. local time.",
    url: "https://www.bbc.co.uk/news/world-europe-reykjanes",
    published: "1987-10-19T23:10:00Z",
    source: "BBC",
  },
  {
    id: "guardian-reykjanes",
    title: "Iceland volcano: lava spews near Grindavik after Reykjanes eruption",
    text: "Lava fountains lit up the sky near Grindavik on Monday night after a volcano erupted on Iceland's Reykjanes peninsula, the Icelandic Met Office said.\n\nResidents of Grindavik had been evacuated earlier in the month.",
    url: "https://www.theguardian.com/world/reykjanes-eruption",
    published: "1987-10-19T23:40:00Z",
    source: "The Guardian",
  },
  {
    id: "dated-only",
    title: "Harvest festival opens in the valley",
    text: "The annual harvest festival opened in the valley with a parade of decorated tractors and a market of local produce.",
    published: DAY,
    source: "Valley Courier",
  },
  {
    id: "undated",
    title: "Library extends its opening hours",
    text: "The town library will stay open until nine in the evening on weekdays from next month, the council said.",
    source: "Town Gazette",
  },
];

let dir: string;
let store: Store;
let wire: Map<string, ReutersStory[]>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-digest-"));
  wire = storiesByDay(loadReutersStories(fixtureDatasets.reutersDir));
  const files = path.join(dir, "articles");
  fs.mkdirSync(files);
  const stories = [...wire.get(DAY)!, ...wire.get(NEXT_DAY)!];
  fs.writeFileSync(path.join(files, "reuters.jsonl"), stories.map((story) => JSON.stringify(story)).join("\n"));
  fs.writeFileSync(path.join(files, "extra.json"), JSON.stringify(EXTRA_ARTICLES));
  store = openStore(path.join(dir, "index"));
  const summary = await ingestPaths(store, { paths: [files], embedder: null, clock: () => INGESTED_AT });
  expect(summary.failed).toEqual([]);
});

afterAll(() => {
  closeStore(store);
  fs.rmSync(dir, { recursive: true, force: true });
});

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();
const noBoilerplate = () => false;

/** Every story of the window, uncapped. */
async function wholeDay(day: string, timeZone = "UTC"): Promise<Digest> {
  return buildDigest(store, { ...digestWindowForDate(day, timeZone), timeZone, maxStories: Infinity });
}

/** The stored article a file's article became: itself, or the one holding the same text (a syndicated copy). */
function storedIdOf(copyId: string): string {
  const copy = findCopy(store, copyId)!;
  return getArticlesByRowid(store, [copy.articleRowid]).get(copy.articleRowid)!.id;
}

function itemWith(digest: Digest, title: string) {
  const item = digest.items.find((candidate) => candidate.articles.some((article) => article.title === title));
  expect(item, title).toBeDefined();
  return item!;
}

describe("digest windows", () => {
  it("covers a calendar day in the zone: 24 hours, 23 and 25 on daylight-saving days", () => {
    const hours = (day: string, zone: string) => {
      const { from, to } = digestWindowForDate(day, zone);
      return (Date.parse(to) - Date.parse(from)) / 3_600_000;
    };
    expect(digestWindowForDate(DAY, "UTC")).toEqual({ from: "1987-10-19T00:00:00.000Z", to: "1987-10-20T00:00:00.000Z", timeZone: "UTC" });
    expect(digestWindowForDate("2025-03-30", "Europe/Berlin").from).toBe("2025-03-29T23:00:00.000Z");
    expect(hours("2025-03-30", "Europe/Berlin")).toBe(23);
    expect(hours("2025-10-26", "Europe/Berlin")).toBe(25);
    expect(hours("2025-06-24", "Europe/Berlin")).toBe(24);
    // Chile's clocks skip midnight in September: that day starts at 01:00.
    expect(startOfLocalDay("2024-09-08", "America/Santiago").toISOString()).toBe("2024-09-08T04:00:00.000Z");
  });

  it("defaults to yesterday in the zone of `now`", () => {
    const now = new Date("2025-06-24T22:30:00Z");
    expect(yesterdayIn("UTC", now)).toBe("2025-06-23");
    expect(yesterdayIn("Asia/Tokyo", now)).toBe("2025-06-24");
  });

  it("counts a date-only article on its day label whatever the zone", () => {
    expect(dateOnlyDaysIn(digestWindowForDate(DAY, "Pacific/Kiritimati"))).toEqual([DAY]);
    expect(dateOnlyDaysIn(digestWindowForDate(DAY, "Pacific/Pago_Pago"))).toEqual([DAY]);
    // A rolling window holds the days that end inside it.
    expect(dateOnlyDaysIn({ from: "1987-10-19T08:00:00.000Z", to: "1987-10-20T08:00:00.000Z", timeZone: "UTC" })).toEqual([DAY]);
  });

  it("rejects a date that is not on the calendar", () => {
    expect(() => digestWindowForDate("1987-02-30", "UTC")).toThrow(/not a calendar date/);
    expect(() => digestWindowForDate("19-10-1987", "UTC")).toThrow(/YYYY-MM-DD/);
  });
});

describe("the digest of a Reuters day", () => {
  it("holds every article of the day once, and nothing from another day", async () => {
    const digest = await wholeDay(DAY);
    const ids = digest.items.flatMap((item) => item.articles.map((article) => article.articleId));
    expect(new Set(ids).size).toBe(ids.length);
    const expected = [...wire.get(DAY)!, ...EXTRA_ARTICLES].map((article) => storedIdOf(article.id));
    expect(new Set(ids)).toEqual(new Set(expected));
    expect(digest.moreStories).toBe(0);
  });

  it("follows the zone: a New York day runs from 04:00 UTC", async () => {
    const digest = await wholeDay(DAY, "America/New_York");
    expect(digest.from).toBe("1987-10-19T04:00:00.000Z");
    const ids = new Set(digest.items.flatMap((item) => item.articles.map((article) => article.articleId)));
    const inWindow = [...wire.get(DAY)!, ...wire.get(NEXT_DAY)!].filter((story) => story.published >= digest.from && story.published < digest.to);
    expect(inWindow.some((story) => story.published.startsWith(NEXT_DAY))).toBe(true);
    // A repeated story is stored once, dated by its first copy, which may fall before the window.
    const stored = [...inWindow, ...EXTRA_ARTICLES].map((article) => getArticle(store, storedIdOf(article.id))!);
    const expected = stored.filter((article) => article.published === null || article.published === DAY || article.published >= digest.from);
    expect(ids).toEqual(new Set(expected.map((article) => article.id)));
  });

  it("quotes the lead verbatim from an article of the story", async () => {
    const digest = await wholeDay(DAY);
    let quoted = 0;
    for (const item of digest.items) {
      expect(item.quotes.length).toBeLessThanOrEqual(2);
      for (const quote of item.quotes) {
        expect(item.articles.map((article) => article.articleId)).toContain(quote.articleId);
        expect(collapse(getArticle(store, quote.articleId)!.text)).toContain(quote.text);
        quoted += 1;
      }
    }
    expect(quoted).toBeGreaterThan(digest.items.length / 2);
    const volcano = itemWith(digest, EXTRA_ARTICLES[0]!.title);
    // The dateline is not the news.
    expect(volcano.quotes[0]!.text).toMatch(/^(A volcano erupted|Lava fountains lit up)/);
  });

  it("groups the reports of one story and keeps different stories apart", async () => {
    const digest = await wholeDay(DAY);
    const titlesOf = (title: string) => itemWith(digest, title).articles.map((article) => article.title);

    const gulf = titlesOf("U.S. NAVAL FORCES ATTACK IRANIAN OIL PLATFORM");
    expect(gulf).toEqual(expect.arrayContaining(["IRAN SAYS U.S. NAVAL FORCES ATTACKED TWO PLATFORMS", "NBC NEWS SAYS U.S. HAS RETALIATED AGAINST IRAN"]));
    const louvre = titlesOf("WEST GERMANY STILL COMMITTED TO LOUVRE ACCORD");
    expect(louvre).toEqual(expect.arrayContaining(["LAWSON WELCOMES REAFFIRMATION OF LOUVRE ACCORD", "BAKER/STOLTENBERG MEETING SOOTHES MARKETS"]));
    const crude = titlesOf("COASTAL <CGP> RAISES OIL POSTED PRICES");
    expect(crude).toEqual(expect.arrayContaining(["USX <X> UNIT HIKES CRUDE OIL POSTED PRICES", "ARCO <ARC> RAISES CRUDE OIL POSTINGS 50 CTS", "UNOCAL <UCL> RAISES CRUDE OIL POSTED PRICES"]));
    expect(titlesOf(EXTRA_ARTICLES[0]!.title)).toEqual(expect.arrayContaining([EXTRA_ARTICLES[1]!.title]));

    expect(gulf).not.toContain("LAWSON WELCOMES REAFFIRMATION OF LOUVRE ACCORD");
    expect(louvre).not.toContain("COASTAL <CGP> RAISES OIL POSTED PRICES");
    // Results tables of different companies look alike but are different stories.
    expect(titlesOf("AT AND T <T> 3RD QTR NET")).not.toContain("BELL ATLANTIC CORP <BEL> 3RD QTR NET");
    expect(titlesOf("HORIZON BANCORP <HZB> 3RD QTR NET")).not.toContain("CAPITOL BANCORP <CAPB.O> 3RD QTR NET");
  });

  it("puts the stories most outlets carry first, then the biggest", async () => {
    const digest = await buildDigest(store, digestWindowForDate(DAY, "UTC"));
    expect(digest.items).toHaveLength(10);
    expect(digest.moreStories).toBe(20);
    expect(new Set(digest.items[0]!.articles.map((article) => article.source))).toEqual(new Set(["BBC", "The Guardian"]));
    const sizes = digest.items.slice(1).map((item) => item.articles.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(sizes[0]).toBeGreaterThanOrEqual(5);
  });

  it("counts date-only and undated (by ingestion) articles on their day only", async () => {
    const ids = (digest: Digest) => digest.items.flatMap((item) => item.articles.map((article) => article.articleId));
    expect(ids(await wholeDay(DAY, "Pacific/Kiritimati"))).toEqual(expect.arrayContaining(["dated-only", "undated"]));
    expect(ids(await wholeDay(NEXT_DAY))).not.toContain("dated-only");
    expect(ids(await wholeDay(NEXT_DAY))).not.toContain("undated");
  });
});

describe("rendering", () => {
  it("fits Discord: a field per story, parts within the embed limits", async () => {
    // More stories than one embed has fields.
    const digest = await buildDigest(store, { ...digestWindowForDate(DAY, "UTC"), maxStories: 28 });
    const parts = renderDigestParts(digest, { timeZone: "UTC" });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
      const total = (part.title ?? "").length + (part.footer ?? "").length + part.fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
      expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.total);
      for (const field of part.fields) {
        expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
        expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      }
    }
    expect(parts.flatMap((part) => part.fields)).toHaveLength(28);
    expect(parts[0]!.title).toBe("News digest — Monday 19 October 1987");
    expect(parts.at(-1)!.footer).toBe(`and ${digest.moreStories} more stories — ask about them with /ask`);
  });

  it("shows quotes with their citation, sources with outlet, date and link, and the outlet count", async () => {
    const digest = await buildDigest(store, digestWindowForDate(DAY, "UTC"));
    const text = renderDigestText(digest, { timeZone: "UTC" });
    const [first] = digest.items;
    expect(text).toContain(`1. ${first!.headline} — 2 outlets`);
    expect(text).toContain(`“${first!.quotes[0]!.text}” [1]`);
    const [lead, other] = first!.articles;
    // The first source is the headline's own article; the other is named by its title.
    expect(text).toContain(`[1] ${lead!.source}, 19 Oct 1987 <${lead!.url}>`);
    expect(text).toContain(`[2] ${other!.title} — ${other!.source}, 19 Oct 1987 <${other!.url}>`);
    expect(text.endsWith("ask about them with /ask")).toBe(true);
  });

  it("keeps a story of many long articles within one field", () => {
    const articles = Array.from({ length: 30 }, (_, i) => ({
      articleId: `a${i}`,
      title: `A long headline number ${i} about the same event, told once more by another outlet`,
      url: `https://example.com/${"path/".repeat(20)}${i}`,
      published: "2025-06-24",
      source: `Outlet ${i}`,
    }));
    const quote = { text: `${"Word ".repeat(59)}end.`, articleId: "a12" };
    const digest: Digest = { from: "2025-06-24T00:00:00.000Z", to: "2025-06-25T00:00:00.000Z", items: [{ headline: "H", quotes: [quote], articles }], moreStories: 0 };
    const [field] = renderDigestParts(digest, { timeZone: "UTC" })[0]!.fields;
    expect(field!.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    expect(field!.name).toBe("1. H — 30 outlets");
    // The quoted article is listed even past the first few, so its [13] points somewhere.
    expect(field!.value).toContain("[13] ");
    expect(field!.value).toMatch(/\+\d+ more articles$/);
  });

  it("says so on a quiet day", async () => {
    const digest = await buildDigest(store, digestWindowForDate("1987-10-21", "UTC"));
    expect(digest.items).toEqual([]);
    expect(renderDigestText(digest, { timeZone: "UTC" })).toBe(
      "News digest — Wednesday 21 October 1987\n\nNo articles in the index are from that day.",
    );
  });
});

describe("lead quotes", () => {
  it("skip datelines and fragments, and cut long sentences verbatim at a word", () => {
    const long = `The council approved ${"a very long list of measures and ".repeat(12)}a budget.`;
    const text = `June 24, 2025\n\nBy Staff\n\nLONDON (Reuters) - ${long}\n\nThe vote was close.`;
    const [quote, ...rest] = pickLeadQuotes({ id: "x", text }, noBoilerplate);
    expect(rest).toEqual([]);
    expect(quote!.text.startsWith("The council approved")).toBe(true);
    expect(quote!.text.length).toBeLessThanOrEqual(300);
    expect(collapse(text)).toContain(quote!.text);
  });

  it("gives nothing for a results table", () => {
    expect(pickLeadQuotes({ id: "x", text: "Shr 10 cts vs 5 cts\n\nNet 1,234,000 vs 617,000\n\nRevs 12.3 mln vs 11.1 mln" }, noBoilerplate)).toEqual([]);
  });

  it("pass over a paragraph its outlet opens three differently titled stories with", async () => {
    const promo = "If your day does not start until you are up to speed on the latest headlines, sign up for the Gazette's morning newsletter.";
    const stories = [
      ["Harbour wall repairs start in January", "Repairs to the harbour wall will start in January and last until the spring, the port authority said."],
      ["Lifeboat crew rescues two kayakers", "The lifeboat crew rescued two kayakers caught by the tide off Gull Point on Sunday afternoon."],
      ["Fish market moves to the east quay", "The fish market will move to the east quay next year to make room for the new ferry terminal."],
    ].map(([title, news], i) => ({ id: `gazette-${i}`, title, text: `${promo}\n\n${news}`, published: "2026-11-29T09:00:00Z", source: "Harbour Gazette" }));
    const promoDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-digest-promo-"));
    const files = path.join(promoDir, "articles");
    fs.mkdirSync(files);
    fs.writeFileSync(path.join(files, "gazette.json"), JSON.stringify(stories));
    const promoStore = openStore(path.join(promoDir, "index"));
    try {
      await ingestPaths(promoStore, { paths: [files], embedder: null, clock: () => INGESTED_AT });
      const digest = await buildDigest(promoStore, { ...digestWindowForDate("2026-11-29", "UTC"), timeZone: "UTC", maxStories: Infinity });
      const quotes = digest.items.flatMap((item) => item.quotes.map((quote) => quote.text));
      expect(quotes.sort()).toEqual(stories.map((story) => story.text.split("\n\n")[1]!).sort());
    } finally {
      closeStore(promoStore);
      fs.rmSync(promoDir, { recursive: true, force: true });
    }
  });
});

describe("digest command", () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "src/cli/main.ts"), "digest", ...args], {
      cwd: ROOT,
      env: { ...process.env, INDEX_DIR: path.join(dir, "index"), EMBEDDING_MODEL_PATH: path.join(dir, "no-models"), LOG_LEVEL: "silent", DIGEST_TZ: "UTC", ...env },
      encoding: "utf8",
    });

  it("--date --json prints the contract's shape", () => {
    const result = cli(["--date", DAY, "--json"]);
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(["from", "to", "items"]);
    expect(json.from).toBe("1987-10-19T00:00:00.000Z");
    expect(json.items).toHaveLength(10);
    for (const item of json.items) {
      expect(Object.keys(item)).toEqual(["headline", "quotes", "articles"]);
      for (const quote of item.quotes) expect(Object.keys(quote)).toEqual(["text", "articleId"]);
      for (const article of item.articles) expect(Object.keys(article)).toEqual(["articleId", "title", "url", "published", "source"]);
    }
  });

  it("a malformed date is a usage error: one line naming it, then the usage, exit 1", () => {
    const result = cli(["--date", "1987-10-32"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      'newsdesk: --date "1987-10-32" is not a calendar date; use YYYY-MM-DD, e.g. 2025-06-24',
      "usage: npm run -s cli -- digest [--date YYYY-MM-DD] [--json]",
    ]);
  });

  it("without --date, digests yesterday in DIGEST_TZ by the context's clock", async () => {
    const context = createAppContext(loadConfig({ INDEX_DIR: path.join(dir, "index"), DIGEST_TZ: "UTC", LOG_LEVEL: "silent" }), {
      clock: () => new Date("1987-10-20T09:00:00Z"),
      notice: () => {},
    });
    const output: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
    try {
      expect(await runDigest(context, ["--json"])).toBe(0);
    } finally {
      write.mockRestore();
      context.close();
    }
    expect(JSON.parse(output.join(""))).toEqual(digestToJson(await buildDigest(store, digestWindowForDate(DAY, "UTC"))));
  });
});

describe("the text the CLI prints", () => {
  it("is the rendered digest", () => {
    const stdout = execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "src/cli/main.ts"), "digest", "--date", "1987-10-21"], {
      cwd: ROOT,
      env: { ...process.env, INDEX_DIR: path.join(dir, "index"), EMBEDDING_MODEL_PATH: path.join(dir, "no-models"), LOG_LEVEL: "silent", DIGEST_TZ: "UTC" },
      encoding: "utf8",
    });
    expect(stdout).toBe("News digest — Wednesday 21 October 1987\n\nNo articles in the index are from that day.\n");
  });
});

describe("quote lines", () => {
  it("wrap a quote in quotation marks once, even when the sentence opens with its own", () => {
    expect(quoteLine("The council approved the budget.", 1, PLAIN_MARKUP)).toBe("“The council approved the budget.” [1]");
    expect(quoteLine("“If a ceasefire has indeed been achieved, this can only be welcomed,” top spokesman Dmitry Peskov told reporters.", 2, PLAIN_MARKUP)).toBe(
      "“If a ceasefire has indeed been achieved, this can only be welcomed,” top spokesman Dmitry Peskov told reporters. [2]",
    );
    expect(quoteLine("“This will be a sustainable ceasefire.”", 3, PLAIN_MARKUP)).toBe("“This will be a sustainable ceasefire.” [3]");
    expect(quoteLine("The vote was close and", 4, PLAIN_MARKUP)).toBe("“The vote was close and…” [4]");
  });
});
