import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, measureHtml } from "../src/articles/measure-html";
import { parseHtmlArticle } from "../src/articles/parse-html";
import { createHtmlParserPool } from "../src/articles/parse-html-off-thread";
import { readArticleFile } from "../src/articles/read-article-file";

const BODY = "<p>The harbour board approved the new ferry terminal on Tuesday after a long debate about its cost and design.</p>";

function nested(depth: number, tag = "div"): string {
  return `<html><head><title>Deep</title></head><body>${`<${tag}>`.repeat(depth)}${BODY}${`</${tag}>`.repeat(depth)}</body></html>`;
}

const pool = createHtmlParserPool(1);
afterAll(() => pool.close());

describe("hostile HTML", () => {
  it("measures nesting and elements by scanning, not parsing: unclosed <p>, void tags and scripts do not nest", () => {
    expect(measureHtml(nested(10))).toEqual({ depth: 12, elements: 15 });
    expect(measureHtml(`<body>${"<p>one".repeat(1000)}<br><img src=x><hr/></body>`)).toMatchObject({ depth: 1 });
    expect(measureHtml(`<body><script>${"<div>".repeat(5000)}</script><!-- ${"<div>".repeat(5000)} --></body>`)).toEqual({ depth: 1, elements: 2 });
  });

  it("refuses a page nested beyond the limit, naming it, without handing it to the parser", () => {
    // 100,000 levels (1.1 MB) never finished before; it is refused after one linear scan.
    expect(parseHtmlArticle(nested(100_000), "/deep.html")).toEqual({
      error: `HTML nested 100002 levels deep, over the ${MAX_HTML_DEPTH}-level limit; not parsed`,
    });
    expect(parseHtmlArticle(`<html><body>${"<span>a</span>".repeat(MAX_HTML_ELEMENTS + 1)}</body></html>`, "/wide.html")).toEqual({
      error: "HTML has 50,003 elements, over the 50,000-element limit; not parsed",
    });
    expect(parseHtmlArticle(nested(MAX_HTML_DEPTH - 3, "section"), "/ok.html")).toMatchObject({ article: { text: expect.stringContaining("ferry terminal") } });
  });

  it("lists a deeply nested file as failed with the limit as its reason", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-html-"));
    const file = path.join(dir, "deep.html");
    fs.writeFileSync(file, nested(1_500));
    expect(await readArticleFile(file)).toEqual({ path: file, error: `HTML nested 1502 levels deep, over the ${MAX_HTML_DEPTH}-level limit; not parsed` });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("parses in a worker: the main thread keeps running while a slow page is parsed", async () => {
    const order: string[] = [];
    const parsed = pool.parse(nested(MAX_HTML_DEPTH - 3), "/slow.html").then((outcome) => {
      order.push("parsed");
      return outcome;
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    order.push("main thread");
    expect(await parsed).toMatchObject({ article: { title: "Deep" } });
    expect(order).toEqual(["main thread", "parsed"]);
  });

  it("stops a page over its time budget and goes on with a fresh worker", async () => {
    // A budget no worker can meet (starting one alone takes longer) stands in for a page that never finishes.
    expect(await pool.parse(nested(MAX_HTML_DEPTH - 3), "/slow.html", 1)).toEqual({ error: "the HTML took over 0 s to parse; not parsed" });
    expect(await pool.parse(nested(3), "/fine.html")).toMatchObject({ article: { text: expect.stringContaining("ferry terminal") } });
  });
});
