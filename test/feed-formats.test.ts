import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { feedItemArticle, htmlToLine } from "../src/feeds/feed-article";
import { parseFeed } from "../src/feeds/parse-feed";
import type { ParsedArticle } from "../src/articles/types";
import { createArticleWriter } from "../src/ingest/article-writer";
import { closeStore, getArticle, openStore, readStats } from "../src/store";

const FEEDS = path.resolve(__dirname, "fixtures/feeds");
const read = (name: string, url: string) => parseFeed(fs.readFileSync(path.join(FEEDS, name), "utf8"), url);
const noPage = async () => ({ error: "not fetched in this test" });

describe("feed formats met in the wild", () => {
  it("reads RSS 1.0 (RDF): items beside the channel, rdf:about as the guid, dc:date, dc:creator, content:encoded", async () => {
    const feed = read("rss1-rdf.xml", "https://science.example/rss");
    expect(htmlToLine(feed.titleHtml!)).toBe("Science Example");
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item).toMatchObject({
      guid: "https://science.example/2026/11/glacier",
      link: "https://science.example/2026/11/glacier",
      published: "2026-11-27T10:00:00.000Z",
      author: "Ines Varga",
    });
    expect(item!.contentHtml).toMatch(/^<p>Surveyors from the mountain observatory/);
    const outcome = await feedItemArticle(item!, "feed:x", { url: "https://science.example/rss", feed }, noPage);
    expect("article" in outcome && outcome.article.text).toMatch(/^Surveyors from the mountain observatory measured/);
  });

  it("reads a YouTube-style media:group description as the item's text, line breaks and entities kept", async () => {
    const feed = read("youtube-media.xml", "https://www.youtube.example/feeds/videos.xml");
    const [item] = feed.items;
    expect(item!.summaryHtml).toBe("Crane operators at the Port of Bayhaven walked out on Sunday &amp; ships were diverted.<br>Talks resume on Wednesday.");
    const outcome = await feedItemArticle(item!, "feed:yt", { url: "https://www.youtube.example/feeds/videos.xml", feed }, noPage);
    expect("article" in outcome && outcome.article.text).toBe("Crane operators at the Port of Bayhaven walked out on Sunday & ships were diverted.\n\nTalks resume on Wednesday.");
  });

  it("keeps HTML a feed forgot to escape in a description", () => {
    const [item] = read("rss-unescaped.xml", "https://forum.example/r/baynews/.rss").items;
    expect(htmlToLine(item!.summaryHtml!)).toBe("submitted by islander to r/baynews");
  });
});

describe("feed items with the same text", () => {
  const article = (id: string, title: string, url: string): ParsedArticle => ({
    id,
    title,
    text: "Watch the full video on our channel and subscribe for more local news every day.",
    url,
    published: null,
    source: "Bay Daily News Video",
    author: null,
    path: null,
  });

  it("stay separate articles unless their titles or links agree", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-feed-twins-"));
    const store = openStore(dir);
    try {
      const writer = createArticleWriter(store, null, () => new Date("2026-11-30T00:00:00Z"), { twinsShareTitleOrLink: true });
      await writer.add(article("feed:a", "Harbour strike: crane operators walk out", "https://video.example/a"));
      await writer.add(article("feed:b", "Ferry timetable cut for the winter", "https://video.example/b"));
      await writer.add(article("feed:c", "Harbour strike: crane operators walk out", "https://mirror.example/a"));
      await writer.flush();
      expect(readStats(store).articles).toBe(2);
      expect(getArticle(store, "feed:a")?.urls.sort()).toEqual(["https://mirror.example/a", "https://video.example/a"]);
      expect(getArticle(store, "feed:b")?.title).toBe("Ferry timetable cut for the winter");
    } finally {
      closeStore(store);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
