import { mkdir, mkdtemp, open, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleId, normaliseUrl } from "../src/articles/article-id";
import { listArticleFiles } from "../src/articles/list-article-files";
import { readArticleFile } from "../src/articles/read-article-file";
import type { FileReadResult, ParsedArticle } from "../src/articles/types";

const SAMPLE_MOSCOW_TIMES = fileURLToPath(new URL("../articles/000_13b3b47ab246e4d6.txt", import.meta.url));
const SAMPLE_TRT = fileURLToPath(new URL("../articles/003_da7c7d15accfc1c9.txt", import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "newsdesk-articles-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, content);
  return path;
}

function articlesOf(result: FileReadResult): ParsedArticle[] {
  if ("error" in result) throw new Error(`expected articles, got error: ${result.error}`);
  return result.articles;
}

function onlyArticle(result: FileReadResult): ParsedArticle {
  const articles = articlesOf(result);
  expect(articles).toHaveLength(1);
  return articles[0]!;
}

function errorOf(result: FileReadResult): string {
  if (!("error" in result)) throw new Error(`expected an error, got ${result.articles.length} articles`);
  expect(result.error).not.toContain("\n");
  return result.error;
}

async function readText(name: string, content: string): Promise<ParsedArticle> {
  return onlyArticle(await readArticleFile(await write(name, content)));
}

/** Properties every clean text has, whatever the source. */
function expectCleanShape(text: string): void {
  const paragraphs = text.split("\n\n");
  for (const paragraph of paragraphs) {
    expect(paragraph).not.toBe("");
    expect(paragraph).toBe(paragraph.trim());
    expect(paragraph).not.toMatch(/\s{2,}|\n/);
  }
}

describe("the Moscow Times sample", () => {
  let article: ParsedArticle;
  beforeAll(async () => {
    article = onlyArticle(await readArticleFile(SAMPLE_MOSCOW_TIMES));
  });

  it("reads title, date, url and outlet", () => {
    expect(article.title).toBe("Kremlin Says It Would Welcome Iran-Israel Truce as Trump's Ceasefire Plan Fails");
    expect(article.published).toBe("2025-06-24");
    expect(article.url).toBe(
      "https://www.themoscowtimes.com/2025/06/24/kremlin-says-it-would-welcome-iran-israel-truce-as-trumps-ceasefire-plan-fails-a89550",
    );
    expect(article.source).toBe("The Moscow Times");
    expect(article.path).toBe(SAMPLE_MOSCOW_TIMES);
    expect(article.id).toBe(articleId({ url: article.url, path: SAMPLE_MOSCOW_TIMES }));
  });

  it("keeps the paragraphs, from the lede to the last line of the story", () => {
    const paragraphs = article.text.split("\n\n");
    expect(paragraphs).toHaveLength(13);
    expect(paragraphs[0]).toBe(
      "The Kremlin said Tuesday that it would welcome a ceasefire between Iran and Israel after U.S. President Donald Trump unilaterally announced a halt in hostilities, a proposed peace plan that appeared to unravel almost immediately.",
    );
    expect(paragraphs.at(-1)).toBe(
      "Meanwhile, Putin spoke Tuesday with Bahrain's King Hamad bin Isa Al Khalifa, with both leaders calling for efforts to restore peace and stability in the region.",
    );
    expectCleanShape(article.text);
  });

  it("keeps the quotes verbatim, curly quotes included", () => {
    expect(article.text).toContain(
      "“If a ceasefire has indeed been achieved, this can only be welcomed,” top spokesman Dmitry Peskov told reporters, adding that Moscow hoped “this will be a sustainable ceasefire.”",
    );
    expect(article.text).toContain('"Hardly anyone has a clear understanding right now," Peskov said.');
  });

  it("joins the paragraph the scraper split mid-sentence and drops link syntax", () => {
    expect(article.text).toContain(
      "Trump accused both countries of breaking the ceasefire, telling reporters: “They don't know what the f*** they're doing.\" On Truth Social, he called on Israel to",
    );
    expect(article.text).toContain("Peskov said Araghchi did not inform Putin");
  });

  it("drops the caption, credit, dateline, related link, contributor line and url trailer", () => {
    for (const furniture of [
      "Vyacheslav Prokofyev",
      "TASS",
      "Kremlin spokesman Dmitry Peskov.",
      "June 24, 2025",
      "Related article",
      "Medvedev",
      "AFP contributed reporting",
      "Original url",
      "https://",
      "](",
      article.title,
    ]) {
      expect(article.text).not.toContain(furniture);
    }
  });
});

describe("the TRT World sample", () => {
  let article: ParsedArticle;
  const standfirst =
    "Moscow, which has cultivated closer ties with Tehran since the start of its war in Ukraine, urged de-escalation.";
  beforeAll(async () => {
    article = onlyArticle(await readArticleFile(SAMPLE_TRT));
  });

  it("reads title, date, and the publisher its Related line names with the wire its SOURCE line credits", () => {
    expect(article.title).toBe("Kremlin urges restraint over Iran after Trump warns of possible new strike");
    expect(article.published).toBe("2025-12-30");
    expect(article.url).toBeNull();
    expect(article.source).toBe("TRT World (Reuters)");
    expect(article.author).toBeNull();
    expect(article.id).toMatch(/^file:[0-9a-f]{16}$/);
  });

  it("keeps the standfirst once and the story to its last paragraph", () => {
    const paragraphs = article.text.split("\n\n");
    expect(paragraphs[0]).toBe(standfirst);
    expect(article.text.split(standfirst)).toHaveLength(2);
    expect(paragraphs[1]).toMatch(/^The Kremlin on Tuesday urged all parties to refrain from escalation/);
    expect(paragraphs.at(-1)).toBe(
      "Russia and Iran signed a strategic partnership treaty this year. The West has accused Tehran of providing missiles and drones for Russian attacks on Ukraine, something the Islamic Republic denies.",
    );
    expect(paragraphs).toHaveLength(7);
    expect(article.text).toContain(
      '"We believe that it is necessary to refrain from any steps that could escalate tensions in the region, and we believe that, first and foremost, dialogue with Iran is necessary," Kremlin spokesperson Dmitry Peskov told reporters.',
    );
    expectCleanShape(article.text);
  });

  it("drops the header, caption, related links, labels and the closing list of other headlines", () => {
    for (const furniture of [
      "date 2025-12-30",
      "WORLD",
      "min read",
      "December 30, 2025",
      "/ Reuters",
      "RelatedTRT",
      "Russia to cultivate close ties with Iran",
      "RECOMMENDED",
      "SOURCE",
      "Explore",
      "Indonesia's Java landslide",
      "Mount Semeru",
      "Baba Umar",
      "Five takeaways",
      article.title,
    ]) {
      expect(article.text).not.toContain(furniture);
    }
  });
});

describe("scraped text in other shapes", () => {
  it("handles a Guardian-style page: caption above its credit, byline, dateline with time, ads, most-read list", async () => {
    const article = await readText(
      "guardian-style.txt",
      [
        "Ukraine and US agree minerals deal framework",
        "",
        "Volodymyr Zelenskyy at a press conference in Kyiv",
        "Evan Vucci / AP",
        "",
        "By Dan Sabbagh",
        "Tuesday 4 March 2025 10.45 GMT",
        "",
        "Share",
        "",
        "Ukraine and the US have agreed the terms of a draft minerals deal, Ukrainian officials said on Tuesday,",
        "",
        "after weeks of talks that had strained relations between Kyiv and Washington.",
        "",
        "ADVERTISEMENT",
        "",
        "Read more: Zelenskyy says he is ready to sign",
        "",
        "The framework covers revenues from oil, gas and rare earths, according to a copy seen by the Guardian. “It is a good deal,” one official said.",
        "",
        "Reporting by Dan Sabbagh; Editing by Jane Roe",
        "",
        "© 2025 Guardian News & Media Limited or its affiliated companies. All rights reserved.",
        "",
        "Most read",
        "",
        "Pope Francis in stable condition, Vatican says",
        "",
        "Storm batters coast as thousands lose power",
        "",
        "Ten things to do this weekend",
      ].join("\n"),
    );
    expect(article.title).toBe("Ukraine and US agree minerals deal framework");
    expect(article.published).toBe("2025-03-04");
    expect(article.author).toBe("Dan Sabbagh");
    expect(article.source).toBeNull();
    expect(article.text).toBe(
      [
        "Ukraine and the US have agreed the terms of a draft minerals deal, Ukrainian officials said on Tuesday, after weeks of talks that had strained relations between Kyiv and Washington.",
        "The framework covers revenues from oil, gas and rare earths, according to a copy seen by the Guardian. “It is a good deal,” one official said.",
      ].join("\n\n"),
    );
  });

  it("drops a closing run of headlines that has no label, and a caption carrying its credit", async () => {
    const article = await readText(
      "unlabelled-list.txt",
      [
        "Floods hit northern Italy",
        "Rescue workers in Emilia-Romagna on Sunday. Photo: Reuters",
        "",
        "Heavy rain flooded towns across northern Italy on Sunday, forcing thousands from their homes.",
        "",
        "The civil protection agency said rivers would keep rising overnight.",
        "Italy's election result delayed",
        "Markets slide on rate fears",
        "Champions League draw: who plays whom",
      ].join("\n"),
    );
    expect(article.text).toBe(
      "Heavy rain flooded towns across northern Italy on Sunday, forcing thousands from their homes.\n\nThe civil protection agency said rivers would keep rising overnight.",
    );
  });

  it("drops a photo gallery flattened into lines of captions with their counters, not a story paragraph before a counter", async () => {
    const article = await readText(
      "gallery.txt",
      [
        "Biden jokes about his age at correspondents' dinner",
        "",
        "President Joe Biden joked about his age on Saturday at the White House Correspondents' Dinner.",
        "",
        "Photos: The history of the White House Correspondents' Dinner US President George W. Bush, left, waves with impressionist Steve Bridges at the dinner in 2006. Hide Caption 1 of 18 Photos: The history of the White House Correspondents' Dinner The dinner is held in 1923. Hide Caption 2 of 18",
        "",
        "Hide Caption 3 of 18 Photos: The history of the White House Correspondents' Dinner President Harry Truman presents a check in 1949.",
        "",
        "The first dinner was held in 1921, and Calvin Coolidge attended in 1924. Hide Caption 4 of 18",
        "",
        "The dinner raised money for journalism scholarships.",
      ].join("\n"),
    );
    expect(article.text).toBe(
      [
        "President Joe Biden joked about his age on Saturday at the White House Correspondents' Dinner.",
        "The first dinner was held in 1921, and Calvin Coolidge attended in 1924. Hide Caption 4 of 18",
        "The dinner raised money for journalism scholarships.",
      ].join("\n\n"),
    );
  });

  it("reads a markdown article with a header block and strips the markdown", async () => {
    const article = await readText(
      "header.md",
      [
        "# Central bank holds rates at 4.5%",
        "",
        "Date: 2025-02-06",
        "Source: Bank Watch",
        "URL: https://example.org/news/central-bank-holds/",
        "Author: Jane Doe",
        "",
        "The central bank **kept** its key rate unchanged on Thursday, citing _sticky_ inflation.",
        "",
        "> “We will act if needed,” the governor said, according to [a transcript](https://example.org/t).",
        "",
        "![Chart](chart.png)",
        "",
        "- Analysts had expected the decision.",
      ].join("\n"),
    );
    expect(article).toMatchObject({
      title: "Central bank holds rates at 4.5%",
      published: "2025-02-06",
      source: "Bank Watch",
      url: "https://example.org/news/central-bank-holds/",
      author: "Jane Doe",
    });
    expect(article.text).toBe(
      [
        "The central bank kept its key rate unchanged on Thursday, citing sticky inflation.",
        "“We will act if needed,” the governor said, according to a transcript.",
        "Analysts had expected the decision.",
      ].join("\n\n"),
    );
  });

  it("reads YAML front matter, where explicit fields win over guesses", async () => {
    const article = await readText(
      "front-matter.md",
      [
        "---",
        'title: "Talks resume in Geneva"',
        "published: 2025-05-01T09:30:00+02:00",
        "url: https://www.reuters.com/world/talks-resume-geneva-2025-05-01/",
        "author: John Roe",
        "---",
        "",
        "Negotiators met again in Geneva on Thursday after a two-week pause.",
      ].join("\n"),
    );
    expect(article).toMatchObject({
      title: "Talks resume in Geneva",
      published: "2025-05-01T07:30:00.000Z",
      source: "Reuters",
      author: "John Roe",
      text: "Negotiators met again in Geneva on Thursday after a two-week pause.",
    });
    expect(article.id).toMatch(/^url:/);
  });

  it("joins a hard-wrapped paragraph and keeps blank-line paragraphs apart", async () => {
    const article = await readText(
      "wrapped.txt",
      [
        "Cocoa rains ease drought fears",
        "",
        "Showers continued throughout the week in the",
        "Bahia cocoa zone, alleviating the drought since early",
        "January and improving prospects for the coming temporao,",
        "although normal humidity levels have not been restored,",
        "Comissaria Smith said in its weekly review.",
        "",
        "Arrivals reached 6.23 million bags. Prices were steady.",
      ].join("\n"),
    );
    expect(article.text).toBe(
      "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January and improving prospects for the coming temporao, although normal humidity levels have not been restored, Comissaria Smith said in its weekly review.\n\nArrivals reached 6.23 million bags. Prices were steady.",
    );
  });

  it("keeps prose that merely resembles furniture", async () => {
    const body = [
      "More-than-expected inflation pushed yields higher on Monday.",
      "How the image of the president changed",
      "Related to the talks, officials said a deal was close.",
      "By Friday, the two sides had agreed on a text.",
      "The vote is due on March 3, 2026, officials said.",
      "Source: a diplomat familiar with the talks said the draft was ready.",
      "NATO allies met in Brussels.",
    ];
    const article = await readText("lookalikes.txt", ["Talks near a deal", "", ...body].join("\n\n"));
    expect(article.text).toBe(body.join("\n\n"));
  });

  it("keeps a paragraph that only looks like a list label when the story goes on after it", async () => {
    const article = await readText(
      "label-mid.txt",
      "Strike ends at port\n\nDock workers returned to work on Monday.\n\nRelated\n\nThe union said talks would continue next month.\n\nOwners welcomed the deal.",
    );
    expect(article.text).toBe("Dock workers returned to work on Monday.\n\nThe union said talks would continue next month.\n\nOwners welcomed the deal.");
  });
});

const NEWS_PAGE = `<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Markets rally as Fed holds rates | Example Wire</title>
<meta property="og:title" content="Markets rally as Fed holds rates">
<meta property="og:site_name" content="Example Wire">
<meta property="og:url" content="https://news.example.com/markets/fed-holds?utm_source=rss">
<meta property="article:published_time" content="2025-03-05T14:30:00+01:00">
<link rel="canonical" href="https://news.example.com/markets/fed-holds">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2025-03-05T13:30:00Z"}]}</script>
</head><body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/markets">Markets</a> <a href="/subscribe">Subscribe</a></nav></header>
<main>
<article>
<header>
<h1>Markets rally as Fed holds rates</h1>
<p class="byline">By <a href="/authors/jane">Jane Doe</a></p>
<time datetime="2025-03-05">March 5, 2025</time>
</header>
<figure><img src="/img/floor.jpg" alt=""><figcaption>Traders work on the floor of the exchange. Photo: Reuters</figcaption></figure>
<p>Stocks rose on Wednesday after the Federal Reserve left interest rates unchanged, with investors betting that cuts would follow later this year.</p>
<p>“We are in no hurry,” Fed Chair Jerome Powell told reporters. The S&amp;P 500 gained 1.2% and the Nasdaq added 1.8%, led by technology shares.</p>
<div class="ad">Advertisement</div>
<h2>Bond yields fall</h2>
<p>Treasury yields fell across the curve. The 10-year yield dropped to 4.1%, its lowest level in a month, according to <a href="/data">data</a> from the Treasury.</p>
<aside class="related"><h3>Related coverage</h3><ul><li><a href="/oil">Oil prices slip as supply grows</a></li><li><a href="/fx">Dollar weakens against the yen</a></li></ul></aside>
<p><a href="/newsletter">Sign up for our markets newsletter</a></p>
<p>Analysts said the next move depends on inflation data due next week.<br>Some expect a cut in June.</p>
</article>
</main>
<footer><p>© 2025 Example Wire. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>`;

describe("HTML pages", () => {
  it("reads metadata from the head and the story's paragraphs from the main content", async () => {
    const article = onlyArticle(await readArticleFile(await write("page.html", NEWS_PAGE)));
    expect(article).toMatchObject({
      title: "Markets rally as Fed holds rates",
      url: "https://news.example.com/markets/fed-holds",
      published: "2025-03-05T13:30:00.000Z",
      source: "Example Wire",
      author: "Jane Doe",
    });
    expect(article.text).toBe(
      [
        "Stocks rose on Wednesday after the Federal Reserve left interest rates unchanged, with investors betting that cuts would follow later this year.",
        "“We are in no hurry,” Fed Chair Jerome Powell told reporters. The S&P 500 gained 1.2% and the Nasdaq added 1.8%, led by technology shares.",
        "Bond yields fall",
        "Treasury yields fell across the curve. The 10-year yield dropped to 4.1%, its lowest level in a month, according to data from the Treasury.",
        "Analysts said the next move depends on inflation data due next week.",
        "Some expect a cut in June.",
      ].join("\n\n"),
    );
  });

  it("falls back to <time datetime>, og:url and the outlet table", async () => {
    const page = NEWS_PAGE.replace(/<meta property="(?:og:site_name|article:published_time)"[^>]*>/g, "")
      .replace(/<link rel="canonical"[^>]*>/, "")
      .replace(/<script type="application\/ld\+json">.*?<\/script>/, "")
      .replace("https://news.example.com/markets/fed-holds?utm_source=rss", "https://www.bbc.co.uk/news/business-1");
    const article = onlyArticle(await readArticleFile(await write("page-fallbacks.HTM", page)));
    expect(article.published).toBe("2025-03-05");
    expect(article.url).toBe("https://www.bbc.co.uk/news/business-1");
    expect(article.source).toBe("BBC");
  });

  it("fails a page with no text", async () => {
    expect(errorOf(await readArticleFile(await write("empty-page.html", "<html><head><title>Nothing</title></head><body></body></html>")))).toMatch(
      /no article text/,
    );
  });
});

describe("JSON articles", () => {
  it("reads one object, normalising text, date and source", async () => {
    const article = onlyArticle(
      await readArticleFile(
        await write(
          "one.json",
          JSON.stringify({
            id: "wire-42",
            title: "  Oil   prices slip ",
            text: "First  paragraph\nstill first.\n\n\n  Second paragraph.  ",
            url: "https://www.aljazeera.com/news/2025/1/2/oil",
            published: "2025-01-02T08:00:00-05:00",
          }),
        ),
      ),
    );
    expect(article).toMatchObject({
      id: "wire-42",
      title: "Oil prices slip",
      text: "First paragraph still first.\n\nSecond paragraph.",
      published: "2025-01-02T13:00:00.000Z",
      source: "Al Jazeera",
      author: null,
    });
  });

  it("reads an array, listing the items that are not articles", async () => {
    const path = await write(
      "many.json",
      JSON.stringify([
        { title: "A", text: "Alpha.", published: "2025-02-03", source: "Wire" },
        { text: "No title here." },
        { title: "C", text: "Gamma.", published: "03/02/2025" },
        { title: "D", text: "   " },
        { title: "E", text: "Epsilon.", url: "not a url" },
      ]),
    );
    const result = await readArticleFile(path);
    const articles = articlesOf(result);
    expect(articles.map((article) => article.title)).toEqual(["A"]);
    expect(articles[0]).toMatchObject({ published: "2025-02-03", source: "Wire", id: articleId({ path, index: 0 }) });
    expect("failed" in result && result.failed.map((failure) => failure.reason)).toEqual([
      'item 2: missing "title"',
      'item 3: "published" is not an ISO 8601 date or date-time: "03/02/2025" (write e.g. 2025-06-24 or 2025-06-24T09:30:00Z)',
      'item 4: no text: "text" is empty',
      'item 5: "url" is not an http(s) address: "not a url"',
    ]);
  });

  it("reads the good lines of a .jsonl and names the bad line", async () => {
    const path = await write(
      "feed.jsonl",
      [
        JSON.stringify({ title: "One", text: "First story." }),
        '{"title": "Two", "text": "Second story."',
        "",
        JSON.stringify({ title: "Three", text: "Third story.", published: "2025-07-01T12:00:00Z" }),
      ].join("\n"),
    );
    const result = await readArticleFile(path);
    expect(articlesOf(result).map((article) => [article.title, article.id])).toEqual([
      ["One", articleId({ path, index: 0 })],
      ["Three", articleId({ path, index: 3 })],
    ]);
    expect("failed" in result && result.failed).toEqual([
      { path, reason: expect.stringMatching(/^line 2: malformed JSON: .+/) },
    ]);
  });

  it("drops the page furniture a scraper's text carries, as for a scraped text file", async () => {
    const path = await write(
      "scraped.jsonl",
      [
        JSON.stringify({
          title: "Storm closes the harbour road",
          text: [
            "Storm closes the harbour road",
            "Photo: Port Elsby Gazette",
            "The harbour road was closed on Tuesday after waves broke over the sea wall.",
            "Read more:Council approves new flood barrier",
            "Engineers will inspect the wall on Wednesday, the council said.",
            "Photos: Winter storms Waves hit the promenade. Hide Caption 1 of 12",
          ].join("\n\n"),
        }),
        JSON.stringify({ title: "Links only", text: "Related: Council approves new flood barrier\n\nMore: Ferry times change" }),
      ].join("\n"),
    );
    const result = await readArticleFile(path);
    expect(articlesOf(result).map((article) => article.text)).toEqual([
      "The harbour road was closed on Tuesday after waves broke over the sea wall.\n\nEngineers will inspect the wall on Wednesday, the council said.",
    ]);
    expect("failed" in result && result.failed.map((failure) => failure.reason)).toEqual([
      'line 2: no article text: "text" holds only page furniture (links to other stories, captions, credits)',
    ]);
  });

  it("fails a JSON article without a title, and malformed JSON with its position", async () => {
    expect(errorOf(await readArticleFile(await write("untitled.json", '{"text": "Body."}')))).toBe('missing "title"');
    expect(errorOf(await readArticleFile(await write("broken.json", '{\n  "title": "X",\n  "text": "Y"\n  "url": null\n}')))).toMatch(
      /^malformed JSON: .+ at line 4, column 3$/,
    );
    expect(errorOf(await readArticleFile(await write("scalar.json", "42")))).toMatch(/^not an article object/);
  });
});

describe("bad input", () => {
  it("names the cause in one line and never throws", async () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ["empty.txt", "", /^file is empty$/],
      ["blank.md", " \n\n\t\n", /^file is empty/],
      ["binary.txt", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]), /^binary file .*NUL.*UTF-8/],
      ["latin1.txt", Buffer.concat([Buffer.from("Title\n\nCaf"), Buffer.from([0xe9]), Buffer.from(" du monde.")]), /^not valid UTF-8 \(first bad byte on line 3\); re-save the file as UTF-8$/],
      ["only-title.txt", "Just a headline\n\nJune 24, 2025\n", /^no article text/],
      ["no-title.txt", "This file starts with a sentence. It has no headline at all.\n", /^no title/],
      ["empty-text.json", '{"title": "Headline", "text": ""}', /^no text/],
      ["notes.pdf", "%PDF-1.4", /^unsupported file type/],
    ];
    for (const [name, content, reason] of cases) {
      expect(errorOf(await readArticleFile(await write(name, content))), name).toMatch(reason);
    }
    expect(errorOf(await readArticleFile(join(dir, "missing.txt")))).toBe("no such file or folder");
  });

  it("refuses a file over the size limit without reading it", async () => {
    const path = join(dir, "huge.txt");
    const handle = await open(path, "w");
    await handle.write(Buffer.from("x"), 0, 1, 50 * 1024 * 1024 - 1);
    await handle.close();
    expect(errorOf(await readArticleFile(path))).toBe("file is 50.0 MB, over the 20 MB limit; split it");
    const small = await write("small-limit.txt", `Title\n\n${"word ".repeat(400)}end.`);
    expect(errorOf(await readArticleFile(small, { maxFileBytes: 1024 }))).toBe("file is 2 KB, over the 1 KB limit; split it");
  });

  it("decodes UTF-16 with a byte-order mark", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Headline here\r\n\r\nA body sentence.", "utf16le")]);
    expect(onlyArticle(await readArticleFile(await write("utf16.txt", utf16))).text).toBe("A body sentence.");
  });
});

describe("listArticleFiles", () => {
  it("walks folders for article files, sorted, skipping hidden entries and node_modules, listing documents it cannot read", async () => {
    const root = join(dir, "corpus");
    const paths = await Promise.all(
      ["b.txt", "a.MD", "sub/c.html", "sub/deeper/d.JSONL", "sub/e.json", "sub/f.htm"].map((name) => write(`corpus/${name}`, "x")),
    );
    await Promise.all(
      [".hidden.txt", ".git/g.txt", "node_modules/pkg/readme.md", "notes.pdf", "image.png"].map((name) => write(`corpus/${name}`, "x")),
    );
    await symlink(root, join(root, "sub", "loop"));
    const single = await write("single.txt", "x");
    const listing = await listArticleFiles([root, single, single, join(dir, "nope"), join(root, "notes.pdf")]);
    expect(listing.files).toEqual([...paths, single].sort());
    // The PDF is found in the folder and named on its own: listed once. The image is a page asset, skipped quietly.
    expect(listing.failed).toEqual([
      { path: join(root, "notes.pdf"), reason: expect.stringMatching(/^unsupported file type/) },
      { path: join(dir, "nope"), reason: "no such file or folder" },
    ]);
  });
});

describe("article ids", () => {
  it("keeps a given id, else hashes the normalised url, else the path and item index", () => {
    expect(articleId({ id: "given", url: "https://x.com/a", path: "/a.json" })).toBe("given");
    expect(normaliseUrl("https://WWW.Example.com/a/b/?utm_source=rss&id=7&utm_medium=x#comments")).toBe("https://www.example.com/a/b?id=7");
    expect(articleId({ url: "https://Example.com/story/?utm_campaign=x#top", path: "/one" })).toBe(
      articleId({ url: "https://example.com/story", path: "/two" }),
    );
    expect(articleId({ url: "https://example.com/story", path: "/one" })).toMatch(/^url:[0-9a-f]{16}$/);
    expect(articleId({ path: "/data/a.json", index: 0 })).not.toBe(articleId({ path: "/data/a.json", index: 1 }));
    expect(articleId({ path: "/data/a.txt" })).toBe(articleId({ path: "/data/a.txt" }));
  });

  it("gives a file the same ids on every read", async () => {
    const first = articlesOf(await readArticleFile(SAMPLE_TRT));
    const second = articlesOf(await readArticleFile(SAMPLE_TRT));
    expect(second.map((article) => article.id)).toEqual(first.map((article) => article.id));
  });
});
