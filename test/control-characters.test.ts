import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAppContext } from "../src/app/app-context";
import { dropControlCharacters } from "../src/articles/control-characters";
import { readArticleFile } from "../src/articles/read-article-file";
import { loadConfig } from "../src/config/load-config";
import { runConsole } from "../src/console/run-console";
import { feedItemArticle } from "../src/feeds/feed-article";
import { writeArticle } from "../src/store";

const ESC = "\u001b";
const HOSTILE_TITLE = `Harbour news \u202Egnp.exe${ESC}[2J`;
const HOSTILE_TEXT =
  `The harbour board ${ESC}[31mapproved${ESC}[0m the ferry terminal ${ESC}]8;;https://evil.example${ESC}\\here${ESC}]8;;${ESC}\\ on Tuesday.\u0007\u009b2J\n\n` +
  "Tabs\tand newlines stay, and so does right-to-left text: \u05e9\u05dc\u05d5\u05dd.";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-controls-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function hasUnsafe(text: string): boolean {
  return /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(text);
}

describe("control characters", () => {
  it("are dropped, but newlines, tabs and right-to-left letters stay", () => {
    expect(dropControlCharacters(HOSTILE_TEXT)).toBe(
      "The harbour board [31mapproved[0m the ferry terminal ]8;;https://evil.example\\here]8;;\\ on Tuesday.2J\n\n" +
        "Tabs\tand newlines stay, and so does right-to-left text: \u05e9\u05dc\u05d5\u05dd.",
    );
  });

  it("never reach the index from a file or a feed", async () => {
    const file = path.join(root, "story.json");
    fs.writeFileSync(file, JSON.stringify({ title: HOSTILE_TITLE, text: HOSTILE_TEXT, source: `Gazette${ESC}[1m`, author: "A\u2066B" }));
    const read = await readArticleFile(file);
    expect("articles" in read && read.articles[0]).toMatchObject({ title: "Harbour news gnp.exe[2J", source: "Gazette[1m", author: "AB" });
    expect(JSON.stringify(read)).not.toMatch(/\\u001b|\\u0007|\u009b|\u202e|\u2066/i);

    const fromFeed = await feedItemArticle(
      { guid: "g1", titleHtml: HOSTILE_TITLE, link: null, published: null, author: null, summaryHtml: null, contentHtml: `<p>${HOSTILE_TEXT}</p>` },
      "feed:g1",
      { url: "https://feed.example/rss", feed: { titleHtml: "Feed", link: null, items: [] } },
      async () => ({ error: "not fetched" }),
    );
    expect("article" in fromFeed && hasUnsafe(fromFeed.article.title + fromFeed.article.text)).toBe(false);
  });

  it("are not written to the terminal even when an older index holds them", async () => {
    const context = createAppContext(
      loadConfig({ INDEX_DIR: path.join(root, "index"), ARTICLES_DIR: root, EMBEDDING_MODEL: "none", LOG_LEVEL: "silent" }),
      { logger: pino({ level: "silent" }), notice: () => {} },
    );
    const text = HOSTILE_TEXT;
    writeArticle(
      context.store,
      {
        article: { id: "raw", title: HOSTILE_TITLE, text, url: null, published: "2025-06-24", source: "Gazette", author: null, path: null },
        contentHash: "c",
        textHash: "t",
        ingestedAt: "2025-06-25T00:00:00.000Z",
      },
      { chunks: [{ index: 0, start: 0, end: text.length, text }], vectors: null },
    );
    const output = new PassThrough();
    let written = "";
    output.on("data", (chunk: Buffer) => (written += chunk.toString()));
    await runConsole(context, { input: Readable.from(["/search harbour ferry terminal\n"]), output });
    context.close();
    expect(written).toContain("Harbour news");
    expect(hasUnsafe(written.replace(/\n|\t/g, ""))).toBe(false);
  });
});
