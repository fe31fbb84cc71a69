import path from "node:path";
import { describe, expect, it } from "vitest";
import { readArticleFile } from "../src/articles/read-article-file";
import type { ParsedArticle } from "../src/articles/types";

const LAYOUTS = path.resolve(__dirname, "fixtures/layouts");

async function read(name: string): Promise<ParsedArticle> {
  const result = await readArticleFile(path.join(LAYOUTS, name));
  if (!("articles" in result) || result.articles.length !== 1) throw new Error(`${name}: ${JSON.stringify(result)}`);
  return result.articles[0]!;
}

describe("article layouts", () => {
  it("a markdown byline line gives the outlet and the date, and leaves the text", async () => {
    const article = await read("bay-daily-byline.md");
    expect(article).toMatchObject({ title: "Harbour workers walk out over pay", published: "2026-11-29", source: "Bay Daily News" });
    expect(article.text).not.toContain("Bay Daily News");
  });

  it("a teaser link drops only its own sentence; a body sentence that is one link stays", async () => {
    const { text } = await read("bay-daily-byline.md");
    expect(text).toContain("The city said talks with the union would start on Wednesday.\n\n");
    expect(text).not.toContain("City budget talks stall");
    expect(text).toContain("The port authority said ships would be diverted to Northfield while the strike lasted.");
  });

  it("an outlet alone under the headline of a .txt is the source, not text", async () => {
    const article = await read("outlet-under-title.txt");
    expect(article).toMatchObject({ title: "Ferry timetable cut for the winter", published: "2026-11-28", source: "Island Courier" });
    expect(article.text).toMatch(/^The island ferry will run/);
  });

  it("an HTML page's JSON-LD NewsArticle gives headline, date and publisher before <h1>, og:title and og:site_name", async () => {
    expect(await read("jsonld-headline.html")).toMatchObject({
      title: "Port strike halts container traffic at Bayhaven",
      published: "2026-11-29T08:15:00.000Z",
      source: "Bay Daily News",
    });
  });

  it("without JSON-LD, a page's single <h1> is the headline, not its social-media og:title", async () => {
    expect(await read("h1-headline.html")).toMatchObject({ title: "Ferry timetable cut for the winter", published: "2026-11-28" });
  });
});

describe("wire credits", () => {
  it("credit the publisher and the wire it carries, or the wire alone when no publisher shows", async () => {
    const { parseTextArticle } = await import("../src/articles/parse-text");
    const body = "The Kremlin on Tuesday urged all parties to refrain from escalation over Iran, its spokesman said.";
    const withUrl = parseTextArticle(`Kremlin urges restraint\n\nURL: https://www.trtworld.com/world/kremlin\n\n${body}\n\nSOURCE:Reuters\n`, "/a.txt");
    expect("article" in withUrl && withUrl.article.source).toBe("TRT World (Reuters)");
    const wireOnly = parseTextArticle(`Kremlin urges restraint\n\n${body}\n\nSOURCE: AFP\n`, "/b.txt");
    expect("article" in wireOnly && wireOnly.article.source).toBe("AFP");
    const ownStory = parseTextArticle(`Kremlin urges restraint\n\nURL: https://www.reuters.com/world/kremlin\n\n${body}\n\nSource: Reuters\n`, "/c.txt");
    expect("article" in ownStory && ownStory.article.source).toBe("Reuters");
  });
});
