import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { articleId } from "../src/articles/article-id";
import { streamArticleFile } from "../src/articles/read-article-file";
import { ingestPaths } from "../src/ingest/ingest-paths";
import { closeStore, getArticle, openStore, readStats } from "../src/store";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-stream-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function collect(file: string, maxFileBytes?: number) {
  const items = [];
  const progress: number[] = [];
  for await (const item of streamArticleFile(file, { maxFileBytes, onBytes: (bytes) => progress.push(bytes) })) items.push(item);
  return { items, progress };
}

const article = (i: number, extra: Record<string, unknown> = {}) => ({ title: `Story ${i}`, text: `The text of story ${i}, about the harbour.`, ...extra });

describe("a .jsonl read as a stream", () => {
  it("reads every line whatever the file's size, listing a line over the per-article limit and going on after it", async () => {
    const lines = [
      JSON.stringify(article(1)),
      JSON.stringify(article(2, { text: "x".repeat(3000) })),
      "",
      '{"title": "Broken", "text": ',
      JSON.stringify(article(5, { text: "Ünïcödé text — with “quotes” and a\\nnewline escaped." })),
      JSON.stringify(article(6)),
    ];
    const file = write("scraper-dump.jsonl", `\uFEFF${lines.join("\r\n")}`);
    const { items, progress } = await collect(file, 1024);
    expect(items.filter((item) => "article" in item).map((item) => "article" in item && [item.article.title, item.article.id])).toEqual([
      ["Story 1", articleId({ path: file, index: 0 })],
      ["Story 5", articleId({ path: file, index: 4 })],
      ["Story 6", articleId({ path: file, index: 5 })],
    ]);
    expect(items.filter((item) => "failed" in item)).toEqual([
      { failed: { path: file, reason: "line 2: article is over the 1 KB limit per article; split or shorten it" } },
      { failed: { path: file, reason: expect.stringMatching(/^line 4: malformed JSON: /) } },
    ]);
    expect(progress.at(-1)).toBe(fs.statSync(file).size);
  });

  it("says a file of blank lines is empty", async () => {
    expect((await collect(write("blank.jsonl", "\n  \n\n"))).items).toEqual([{ error: "file is empty (only whitespace)" }]);
  });
});

describe("a .json array over the file limit read as a stream", () => {
  it("cuts items at top-level commas only, whatever strings and nesting hold", async () => {
    const items = [
      article(1, { text: 'Commas, brackets ] [ } { and an escaped quote \\" inside a string, and a backslash \\\\' }),
      { title: "Nested", text: "An article with nested fields.", extra: { list: [1, [2, 3], { a: "]" }] } },
      article(3, { text: "y".repeat(5000) }),
      { title: "", text: "No title." },
      article(5),
    ];
    const file = write("export.json", `\n[\n${items.map((item) => JSON.stringify(item, null, 2)).join(",\n")}\n]\n`);
    const { items: read } = await collect(file, 2048);
    expect(read.filter((item) => "article" in item).map((item) => "article" in item && item.article.title)).toEqual(["Story 1", "Nested", "Story 5"]);
    expect(read.find((item) => "article" in item && item.article.title === "Story 1")).toMatchObject({
      article: { text: items[0]!.text },
    });
    expect(read.filter((item) => "failed" in item).map((item) => "failed" in item && item.failed.reason)).toEqual([
      "item 3: article is over the 2 KB limit per article; split or shorten it",
      'item 4: "title" is empty',
    ]);
  });

  it("names a file that is one huge article, or an array cut short", async () => {
    expect((await collect(write("one.json", JSON.stringify(article(1, { text: "z".repeat(3000) }))), 1024)).items).toEqual([
      { failed: { path: path.join(dir, "one.json"), reason: "not an array of articles, and one article is over the 1 KB limit per article; split or shorten it" } },
    ]);
    const cut = await collect(write("cut.json", `[${JSON.stringify(article(1))},${JSON.stringify(article(2, { text: "w".repeat(2000) }))}`), 1024);
    expect(cut.items.at(-1)).toEqual({ failed: { path: path.join(dir, "cut.json"), reason: "malformed JSON: the file ends inside the array; it may be cut short" } });
  });
});

describe("ingest of a .jsonl over 20 MB", () => {
  it("stores its articles instead of refusing the file, and lists only the article over the limit", async () => {
    const folder = path.join(dir, "big");
    fs.mkdirSync(folder);
    const huge = JSON.stringify(article(2, { text: "word ".repeat(4.3 * 1024 * 1024) }));
    const file = path.join(folder, "dump.jsonl");
    fs.writeFileSync(file, [JSON.stringify(article(1)), huge, JSON.stringify(article(3))].join("\n"));
    expect(fs.statSync(file).size).toBeGreaterThan(20 * 1024 * 1024);
    const store = openStore(path.join(dir, "index"));
    try {
      const progress: number[] = [];
      const summary = await ingestPaths(store, { paths: [folder], embedder: null, onProgress: ({ bytes }) => progress.push(bytes) });
      expect(summary).toMatchObject({ added: 2, failed: [{ path: file, reason: "line 2: article is over the 20 MB limit per article; split or shorten it" }] });
      expect(readStats(store).articles).toBe(2);
      expect(getArticle(store, articleId({ path: file, index: 2 }))?.title).toBe("Story 3");
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.at(-1)).toBe(fs.statSync(file).size);
    } finally {
      closeStore(store);
    }
  });
});
