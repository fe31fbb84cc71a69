import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFeedPoller, type FeedPoller } from "../src/feeds";
import { parseFeed } from "../src/feeds/parse-feed";
import { createFeedNetwork, fetchText, FetchError, MAX_REDIRECTS } from "../src/feeds/fetch-text";
import { MAX_PAGE_FETCHES_PER_POLL, MAX_ITEMS_PER_POLL, MAX_RETRY_DELAY_MS, retryDelayMs } from "../src/feeds/poll-feeds";
import { isPrivateAddress } from "../src/feeds/private-addresses";
import { closeStore, getArticle, openStore, readStats, searchFulltext, type Store } from "../src/store";

interface Route {
  status?: number;
  type?: string;
  location?: string;
  body: string | Buffer;
  etag?: string;
}

const logger = pino({ level: "silent" });
const INTERVAL_MINUTES = 15;
const MINUTE = 60_000;
const t0 = new Date("2025-06-26T06:00:00.000Z");

let server: http.Server;
let base: string;
const routes = new Map<string, Route>();
let requests: { url: string; ifNoneMatch: string | undefined }[] = [];
/** Requests to paths that never answer, so a test can stop the poller while one is under way. */
let onHangingRequest: (() => void) | null = null;

let root: string;
let store: Store;
let poller: FeedPoller | null = null;

function at(minutes: number): Date {
  return new Date(t0.getTime() + minutes * MINUTE);
}

function paragraphs(...texts: string[]): string {
  return texts.map((text) => `<p>${text}</p>`).join("");
}

const STRIKE_PARAGRAPHS = [
  "Dock workers at the harbour voted on Monday evening to end the nine-day strike that had halted container traffic.",
  "The union said the new agreement raises wages by six percent over two years and limits night shifts for older workers.",
  "Shipping lines expect the backlog of more than forty vessels anchored off the coast to clear by the end of next week.",
  "The harbour authority thanked both sides and said talks on automation of the northern terminal would resume in autumn.",
];

function rssFeed(options: { strikeContent?: string[] } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour Gazette</title>
  <link>${base}/</link>
  <item>
    <title>Port workers end strike</title>
    <link>${base}/articles/strike-ends.html</link>
    <guid isPermaLink="false">gazette-1001</guid>
    <pubDate>Tue, 24 Jun 2025 10:00:00 +0200</pubDate>
    <dc:creator>Jane Doe</dc:creator>
    <description>Dockers return to work.</description>
    <content:encoded><![CDATA[${paragraphs(...(options.strikeContent ?? STRIKE_PARAGRAPHS))}]]></content:encoded>
  </item>
  <item>
    <title>Ferry timetable changes for summer</title>
    <link>${base}/articles/ferry.html</link>
    <guid>${base}/articles/ferry.html</guid>
    <pubDate>Wed, 25 Jun 2025 08:30:00 GMT</pubDate>
    <description>&lt;p&gt;The ferry company publishes a new summer timetable.&lt;/p&gt;</description>
  </item>
</channel>
</rss>`;
}

function atomFeed(): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Valley Courier</title>
  <link href="${base}/courier/"/>
  <id>urn:uuid:3c1b2a4e-courier</id>
  <updated>2025-06-25T12:00:00Z</updated>
  <entry>
    <title type="html">Council approves bridge repairs &#8211; work starts in July</title>
    <link rel="alternate" type="text/html" href="/courier/bridge"/>
    <link rel="edit" href="/courier/bridge/edit"/>
    <id>tag:courier.example,2025:bridge</id>
    <published>2025-06-24T07:00:00Z</published>
    <updated>2025-06-24T09:00:00Z</updated>
    <author><name>Sam Lee</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${paragraphs(
      "The town council voted unanimously on Tuesday to fund the <b>long delayed</b> repairs of the old stone bridge over the river.",
      "Engineers found cracks in two of the five arches last winter, and heavy lorries have been banned from the bridge since March.",
      "Work starts in July and should take fourteen weeks; a temporary footbridge will keep the market square reachable on foot.",
      "The repairs will cost 2.4 million euros, of which the regional government pays two thirds under its heritage programme.",
    )}</div></content>
  </entry>
  <entry>
    <title>Library extends opening hours</title>
    <link href="${base}/courier/missing-page"/>
    <id>tag:courier.example,2025:library</id>
    <updated>2025-06-25T12:00:00Z</updated>
    <summary type="html">&lt;p&gt;The town library will open until 9 pm on weekdays from July.&lt;/p&gt;</summary>
  </entry>
</feed>`;
}

const FERRY_PAGE = `<!doctype html><html><head>
<title>Ferry timetable changes for summer | Harbour Gazette</title>
<meta property="og:title" content="Ferry timetable changes for summer">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Ferry timetable changes for summer</h1>
${paragraphs(
  "The ferry company published its summer timetable on Wednesday, with more crossings to the islands on weekends.",
  "The first sailing leaves at 06:15 from the north pier, and the last boat back departs at 22:40 from July to September.",
  "Fares stay unchanged, but bicycles now need a reservation on the two busiest crossings on Saturday mornings.",
  "The company said it had added the extra crossings after record passenger numbers last summer and many complaints about queues.",
)}
</article>
<footer>© Harbour Gazette</footer>
</body></html>`;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = request.url ?? "/";
    requests.push({ url, ifNoneMatch: request.headers["if-none-match"] });
    if (url.startsWith("/hang")) {
      onHangingRequest?.();
      return;
    }
    const route = routes.get(url);
    if (!route) {
      response.writeHead(404, { "content-type": "text/html" });
      response.end("<html><body>Not found</body></html>");
      return;
    }
    if (route.etag && request.headers["if-none-match"] === route.etag) {
      response.writeHead(304, { etag: route.etag });
      response.end();
      return;
    }
    response.writeHead(route.status ?? 200, {
      "content-type": route.type ?? "application/xml",
      ...(route.etag ? { etag: route.etag } : {}),
      ...(route.location ? { location: route.location } : {}),
    });
    response.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-feeds-"));
  store = openStore(path.join(root, "index"));
  routes.clear();
  requests = [];
  onHangingRequest = null;
  routes.set("/rss.xml", { body: rssFeed(), type: "application/rss+xml; charset=utf-8" });
  routes.set("/atom.xml", { body: atomFeed(), type: "application/atom+xml" });
  routes.set("/articles/ferry.html", { body: FERRY_PAGE, type: "text/html; charset=utf-8" });
});

afterEach(async () => {
  await poller?.stop();
  poller = null;
  closeStore(store);
  fs.rmSync(root, { recursive: true, force: true });
});

/** The test server is on 127.0.0.1, so the poller must be allowed private addresses unless a test says otherwise. */
function createPoller(feeds: string[], allowPrivate = true): FeedPoller {
  poller = createFeedPoller({
    store,
    embedder: async () => null,
    clock: () => t0,
    feeds: feeds.map((feed) => `${base}${feed}`),
    intervalMinutes: INTERVAL_MINUTES,
    logger,
    allowPrivate,
  });
  return poller;
}

function requestsTo(url: string): number {
  return requests.filter((request) => request.url === url).length;
}

describe("feed poller", () => {
  it("ingests RSS and Atom items once, with full text fetched for summary-only items", async () => {
    const feeds = createPoller(["/rss.xml", "/atom.xml"]);
    const first = await feeds.pollDue(t0);
    expect(first.feeds.map(({ ok, added, updated, unchanged, skipped }) => ({ ok, added, updated, unchanged, skipped }))).toEqual([
      { ok: true, added: 2, updated: 0, unchanged: 0, skipped: [] },
      { ok: true, added: 2, updated: 0, unchanged: 0, skipped: [] },
    ]);
    expect(readStats(store).articles).toBe(4);

    const strike = getArticle(store, `feed:${base}/rss.xml#gazette-1001`);
    expect(strike).toMatchObject({
      title: "Port workers end strike",
      text: STRIKE_PARAGRAPHS.join("\n\n"),
      url: `${base}/articles/strike-ends.html`,
      published: "2025-06-24T08:00:00.000Z",
      source: "Harbour Gazette",
      author: "Jane Doe",
    });
    // The feed had a summary only: the text is the page's article, without its navigation and footer.
    const ferry = getArticle(store, `feed:${base}/articles/ferry.html`)!;
    expect(ferry.text).toContain("The first sailing leaves at 06:15 from the north pier");
    expect(ferry.text).not.toMatch(/Home|©/);
    expect(ferry).toMatchObject({ published: "2025-06-25T08:30:00.000Z", source: "Harbour Gazette" });

    const bridge = getArticle(store, "feed:tag:courier.example,2025:bridge")!;
    expect(bridge).toMatchObject({
      title: "Council approves bridge repairs – work starts in July",
      url: `${base}/courier/bridge`,
      published: "2025-06-24T07:00:00.000Z",
      source: "Valley Courier",
      author: "Sam Lee",
    });
    expect(bridge.text).toContain("to fund the long delayed repairs of the old stone bridge");
    // The page is missing: the summary is the article.
    expect(getArticle(store, "feed:tag:courier.example,2025:library")).toMatchObject({
      text: "The town library will open until 9 pm on weekdays from July.",
      published: "2025-06-25T12:00:00.000Z",
    });
    expect(searchFulltext(store, '"pier"', { limit: 5 })).toHaveLength(1);
    expect(readStats(store).lastIngest).toBe(t0.toISOString());

    // Not due yet: nothing is fetched.
    expect((await feeds.pollDue(at(5))).feeds).toEqual([]);
    expect(requestsTo("/rss.xml")).toBe(1);

    const second = await feeds.pollDue(at(INTERVAL_MINUTES));
    expect(second.feeds.map(({ ok, added, updated, unchanged }) => ({ ok, added, updated, unchanged }))).toEqual([
      { ok: true, added: 0, updated: 0, unchanged: 2 },
      { ok: true, added: 0, updated: 0, unchanged: 2 },
    ]);
    // Unchanged items are not fetched again.
    expect(requestsTo("/articles/ferry.html")).toBe(1);
    expect(requestsTo("/courier/missing-page")).toBe(1);
    expect(readStats(store).articles).toBe(4);
  });

  it("updates the article of an item the feed changed", async () => {
    const feeds = createPoller(["/rss.xml"]);
    await feeds.pollDue(t0);
    const revised = [...STRIKE_PARAGRAPHS.slice(0, 3), "Correction: the agreement also adds two paid training days a year for every crane operator."];
    routes.set("/rss.xml", { body: rssFeed({ strikeContent: revised }) });

    const result = await feeds.pollDue(at(INTERVAL_MINUTES));
    expect(result.feeds[0]).toMatchObject({ ok: true, added: 0, updated: 1, unchanged: 1 });
    expect(getArticle(store, `feed:${base}/rss.xml#gazette-1001`)?.text).toBe(revised.join("\n\n"));
    expect(searchFulltext(store, '"automation"', { limit: 5 })).toEqual([]);
    expect(searchFulltext(store, '"crane"', { limit: 5 })).toHaveLength(1);
    expect(readStats(store).articles).toBe(2);
  });

  it("backs off a failing feed without holding up the others, and reports it in status()", async () => {
    routes.set("/broken.xml", { status: 500, body: "oops", type: "text/plain" });
    const feeds = createPoller(["/broken.xml", "/rss.xml"]);

    const first = await feeds.pollDue(t0);
    expect(first.feeds.map(({ url, ok, error }) => ({ url, ok, error }))).toEqual([
      { url: `${base}/broken.xml`, ok: false, error: "HTTP 500 Internal Server Error" },
      { url: `${base}/rss.xml`, ok: true, error: null },
    ]);
    expect(first.feeds[1]!.added).toBe(2);
    const firstRetry = Date.parse(first.feeds[0]!.nextPollAt);

    const second = await feeds.pollDue(new Date(firstRetry));
    expect(second.feeds.map(({ ok }) => ok)).toEqual([false, true]);
    const secondRetry = Date.parse(second.feeds[0]!.nextPollAt);
    expect(secondRetry - firstRetry).toBeGreaterThan(firstRetry - t0.getTime());

    // Malformed XML is a failure too, and the wait grows again.
    routes.set("/broken.xml", { body: "<rss><channel><item><title>Cut off</channel></rss>" });
    const rssDue = Date.parse(second.feeds[1]!.nextPollAt);
    expect((await feeds.pollDue(new Date(rssDue))).feeds.map(({ url }) => url)).toEqual([`${base}/rss.xml`]);
    const third = await feeds.pollDue(new Date(secondRetry));
    expect(third.feeds[0]).toMatchObject({ ok: false });
    expect(third.feeds[0]!.error).toMatch(/^malformed XML: .*line 1/);
    const thirdRetry = Date.parse(third.feeds[0]!.nextPollAt);
    expect(thirdRetry - secondRetry).toBeGreaterThan(secondRetry - firstRetry);

    expect(feeds.status()).toEqual([
      {
        url: `${base}/broken.xml`,
        title: null,
        ok: false,
        lastError: third.feeds[0]!.error,
        lastSuccessAt: null,
        consecutiveFailures: 3,
        nextPollAt: new Date(thirdRetry).toISOString(),
      },
      expect.objectContaining({ url: `${base}/rss.xml`, title: "Harbour Gazette", ok: true, lastError: null, consecutiveFailures: 0 }),
    ]);

    // A feed that recovers is polled at the normal interval again.
    routes.set("/broken.xml", { body: atomFeed() });
    const recovered = await feeds.pollDue(new Date(thirdRetry));
    expect(recovered.feeds.find((feed) => feed.url === `${base}/broken.xml`)).toMatchObject({ ok: true, added: 2, error: null });
    expect(feeds.status()[0]).toMatchObject({
      ok: true,
      lastError: null,
      consecutiveFailures: 0,
      title: "Valley Courier",
      nextPollAt: new Date(thirdRetry + INTERVAL_MINUTES * MINUTE).toISOString(),
    });
  });

  it("reports a document that is not a feed, and an unreachable feed, as failures", async () => {
    routes.set("/page.html", { body: FERRY_PAGE, type: "text/html" });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const feeds = createFeedPoller({
      store,
      embedder: async () => null,
      clock: () => t0,
      feeds: [`${base}/page.html`, `http://127.0.0.1:${closedPort}/feed.xml`, `${base}/rss.xml`],
      intervalMinutes: INTERVAL_MINUTES,
      logger,
      allowPrivate: true,
    });
    poller = feeds;
    const result = await feeds.pollDue(t0);
    expect(result.feeds.map(({ ok }) => ok)).toEqual([false, false, true]);
    expect(result.feeds[0]!.error).toBe("not an RSS or Atom feed (it is an HTML page)");
    expect(result.feeds[1]!.error).toContain("ECONNREFUSED");
  });

  it("sends the feed's ETag back and treats 304 Not Modified as a successful poll", async () => {
    routes.set("/rss.xml", { body: rssFeed(), etag: '"v1"' });
    const feeds = createPoller(["/rss.xml"]);
    await feeds.pollDue(t0);
    const second = await feeds.pollDue(at(INTERVAL_MINUTES));
    expect(second.feeds[0]).toMatchObject({ ok: true, added: 0, unchanged: 0 });
    expect(requests.filter((request) => request.url === "/rss.xml").map((request) => request.ifNoneMatch)).toEqual([undefined, '"v1"']);
    expect(feeds.status()[0]).toMatchObject({ ok: true, nextPollAt: at(2 * INTERVAL_MINUTES).toISOString() });
  });

  it("decodes a feed in the charset its XML declaration names", async () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Café Süd</title>
      <item><title>Crème brûlée festival</title><link>${base}/fest</link>
      <description>Über tausend Gäste probierten die Crème brûlée am Marktplatz.</description></item></channel></rss>`;
    routes.set("/latin1.xml", { body: Buffer.from(xml, "latin1"), type: "application/xml" });
    const feeds = createPoller(["/latin1.xml"]);
    await feeds.pollDue(t0);
    expect(getArticle(store, `feed:${base}/fest`)).toMatchObject({
      title: "Crème brûlée festival",
      text: "Über tausend Gäste probierten die Crème brûlée am Marktplatz.",
      source: "Café Süd",
    });
  });

  it("start() polls at once; stop() cancels a request under way without counting it as a failure", async () => {
    const feeds = createPoller(["/rss.xml"]);
    feeds.start();
    // Queued behind the poll start() began, so it finds nothing due.
    expect((await feeds.pollDue(t0)).feeds).toEqual([]);
    expect(feeds.status()[0]).toMatchObject({ ok: true, nextPollAt: at(INTERVAL_MINUTES).toISOString() });
    await feeds.stop();

    const hanging = createPoller(["/hang.xml"]);
    const requested = new Promise<void>((resolve) => {
      onHangingRequest = resolve;
    });
    hanging.start();
    await requested;
    await hanging.stop();
    expect(hanging.status()).toEqual([expect.objectContaining({ ok: true, lastError: null, nextPollAt: null })]);
  });
});

describe("limits per poll", () => {
  function bigFeed(count: number, item: (i: number) => string): string {
    return `<rss version="2.0"><channel><title>Big</title>${Array.from({ length: count }, (_, i) => item(i)).join("")}</channel></rss>`;
  }
  const day = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toUTCString();

  it("stores at most so many items per poll, newest first, and the rest at the next poll", async () => {
    const count = MAX_ITEMS_PER_POLL + 20;
    const text = "The council met again to discuss the harbour and its ferries, as it does every week of the year. ".repeat(6);
    routes.set("/big.xml", {
      etag: '"same"',
      body: bigFeed(count, (i) => `<item><guid>item-${i}</guid><title>Council meeting number ${i}</title><pubDate>${day(i)}</pubDate><description>${text} Meeting ${i}.</description></item>`),
    });
    const feeds = createPoller(["/big.xml"]);
    const first = await feeds.pollDue(t0);
    expect(first.feeds[0]).toMatchObject({ ok: true, added: MAX_ITEMS_PER_POLL, deferred: 20 });
    expect(getArticle(store, `feed:${base}/big.xml#item-${count - 1}`)).not.toBeNull();
    expect(getArticle(store, "feed:" + base + "/big.xml#item-0")).toBeNull();
    // The feed is unchanged, but its validators were not kept: the items left over come in now.
    const second = await feeds.pollDue(at(INTERVAL_MINUTES));
    expect(second.feeds[0]).toMatchObject({ ok: true, added: 20, unchanged: MAX_ITEMS_PER_POLL, deferred: 0 });
    expect(getArticle(store, "feed:" + base + "/big.xml#item-0")).not.toBeNull();
  });

  it("fetches at most so many article pages per poll, and leaves the other summary-only items for the next", async () => {
    const count = MAX_PAGE_FETCHES_PER_POLL + 5;
    routes.set("/summaries.xml", {
      body: bigFeed(count, (i) => `<item><title>Ferry ${i}</title><link>${base}/articles/ferry.html?${i}</link><pubDate>${day(i)}</pubDate><description>Short.</description></item>`),
    });
    routes.set("/articles/ferry.html", { body: FERRY_PAGE, type: "text/html" });
    for (let i = 0; i < count; i++) routes.set(`/articles/ferry.html?${i}`, { body: FERRY_PAGE.replace("summer", `summer ${i}`), type: "text/html" });
    const feeds = createPoller(["/summaries.xml"]);
    const first = await feeds.pollDue(t0);
    expect(first.feeds[0]).toMatchObject({ ok: true, added: MAX_PAGE_FETCHES_PER_POLL, deferred: 5 });
    expect(requests.filter((request) => request.url.startsWith("/articles/ferry.html?"))).toHaveLength(MAX_PAGE_FETCHES_PER_POLL);
    const second = await feeds.pollDue(at(INTERVAL_MINUTES));
    expect(second.feeds[0]).toMatchObject({ ok: true, added: 5, deferred: 0 });
  });

  it("times a request out with a timer it holds", async () => {
    const network = createFeedNetwork(() => false);
    const hung = fetchText(`${base}/hang-timeout`, { network, accept: "*/*", timeoutMs: 1_000, maxBytes: 1_000, signal: new AbortController().signal });
    await expect(hung).rejects.toThrow("timed out after 1 s");
    await network.close();
  });
});

describe("private addresses", () => {
  const SECRET_PAGE = `<!doctype html><html><head><title>Admin</title></head><body><article>${paragraphs(
    "The string hunter2 is the database password for the internal admin console, rotated every quarter by the operations team.",
    "Only staff on the office network can read this page, which lists the credentials for every internal service we run.",
  )}</article></body></html>`;

  function fetchWith(url: string, refuses: (address: string) => boolean) {
    const network = createFeedNetwork(refuses);
    return fetchText(url, { network, accept: "*/*", timeoutMs: 5_000, maxBytes: 1_000_000, signal: new AbortController().signal }).finally(() =>
      network.close(),
    );
  }

  it("knows which addresses are not the public internet", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.169.254", "0.0.0.0",
      "0.1.2.3", "224.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1",
      "::ffff:7f00:1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:7f00:1::1", "fe80::1%eth0"]) {
      expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:93.184.216.34"]) {
      expect([address, isPrivateAddress(address)]).toEqual([address, false]);
    }
  });

  it("refuses loopback in every spelling, by name and by number, before connecting", async () => {
    routes.set("/internal.html", { body: SECRET_PAGE, type: "text/html" });
    const port = new URL(base).port;
    for (const host of ["127.0.0.1", "localhost", "2130706433", "0x7f.1", "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]", "127.1"]) {
      const refused = await fetchWith(`http://${host}:${port}/internal.html`, isPrivateAddress).then(
        () => null,
        (error: Error) => error,
      );
      expect(refused, host).toBeInstanceOf(FetchError);
      expect(refused!.message, host).toMatch(/^refused: .* is a private or local address; set FEEDS_ALLOW_PRIVATE=1/);
    }
    expect(requestsTo("/internal.html")).toBe(0);
  });

  it("checks every redirect hop, and follows only a few", async () => {
    routes.set("/to-loopback", { status: 302, location: `http://127.0.0.2:${new URL(base).port}/internal.html`, body: "" });
    routes.set("/to-metadata", { status: 301, location: "http://169.254.169.254/latest/meta-data/", body: "" });
    routes.set("/internal.html", { body: SECRET_PAGE, type: "text/html" });
    routes.set("/loop", { status: 302, location: "/loop", body: "" });
    // Only the test server's own address counts as public here, so its redirects are what is checked.
    const onlyTestServer = (address: string) => address !== "127.0.0.1";
    await expect(fetchWith(`${base}/to-loopback`, onlyTestServer)).rejects.toThrow(/^refused: 127\.0\.0\.2 is a private/);
    await expect(fetchWith(`${base}/to-metadata`, onlyTestServer)).rejects.toThrow(/^refused: 169\.254\.169\.254 is a private/);
    await expect(fetchWith(`${base}/loop`, onlyTestServer)).rejects.toThrow(`more than ${MAX_REDIRECTS} redirects`);
    expect(requestsTo("/loop")).toBe(MAX_REDIRECTS + 1);
    routes.set("/to-page", { status: 302, location: "/internal.html", body: "" });
    expect(await fetchWith(`${base}/to-page`, onlyTestServer)).toMatchObject({ status: 200, url: `${base}/internal.html` });
  });

  it("polls a feed on a private address only when FEEDS_ALLOW_PRIVATE allows it", async () => {
    routes.set("/intranet.xml", {
      type: "application/rss+xml",
      body: `<rss version="2.0"><channel><title>Intranet</title><item><title>Admin</title><link>${base}/internal.html</link>
        <description>Short.</description></item></channel></rss>`,
    });
    routes.set("/internal.html", { body: SECRET_PAGE, type: "text/html" });
    const refused = await createPoller(["/intranet.xml"], false).pollDue(t0);
    expect(refused.feeds[0]).toMatchObject({ ok: false, added: 0, error: expect.stringMatching(/^refused: 127\.0\.0\.1 is a private/) });
    expect(requests).toEqual([]);
    expect(searchFulltext(store, "password", { limit: 5 })).toEqual([]);
    await poller!.stop();

    // The failed poll set the next attempt one interval on.
    const allowed = await createPoller(["/intranet.xml"], true).pollDue(at(INTERVAL_MINUTES));
    expect(allowed.feeds[0]).toMatchObject({ ok: true, added: 1 });
    expect(getArticle(store, `feed:${base}/internal.html`)!.text).toContain("database password");
  });
});

describe("retry delay", () => {
  it("doubles after each failure from the poll interval, up to six hours", () => {
    const interval = INTERVAL_MINUTES * MINUTE;
    const delays = Array.from({ length: 10 }, (_, i) => retryDelayMs(interval, i + 1));
    expect(delays.slice(0, 5)).toEqual([interval, 2 * interval, 4 * interval, 8 * interval, 16 * interval]);
    expect(delays.slice(5).every((delay) => delay === MAX_RETRY_DELAY_MS)).toBe(true);
    // An interval longer than the cap is never shortened by failing.
    expect(retryDelayMs(10 * 60 * MINUTE, 3)).toBe(10 * 60 * MINUTE);
  });
});

describe("parseFeed", () => {
  it("resolves relative links, reads RSS author forms, and rejects other documents", () => {
    const feed = parseFeed(
      `<rss version="2.0"><channel><title>T</title><item><title>A &amp;amp; B</title><link>/a</link>
       <author>desk@example.com (Ana Ruiz)</author><pubDate>Mon, 23 Jun 2025 22:15:00 EST</pubDate></item></channel></rss>`,
      "https://news.example/feeds/all.xml",
    );
    expect(feed.items[0]).toMatchObject({
      titleHtml: "A &amp; B",
      link: "https://news.example/a",
      author: "Ana Ruiz",
      published: "2025-06-24T03:15:00.000Z",
    });
    expect(() => parseFeed('<?xml version="1.0"?><opml><body/></opml>', "https://x.example/")).toThrow("not an RSS or Atom feed (the document is <opml>)");
  });

  it("turns every kind of Atom text into HTML", () => {
    const entry = (content: string) =>
      parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id>${content}</entry></feed>`, "https://x.example/").items[0]!;
    expect(entry('<content type="html"><![CDATA[<p>Rates &amp; prices</p>]]></content>').contentHtml).toBe("<p>Rates &amp; prices</p>");
    expect(entry('<content type="html">&lt;p&gt;Rates&lt;/p&gt;</content>').contentHtml).toBe("<p>Rates</p>");
    expect(entry('<content type="html"><p>Stray tags</p></content>').contentHtml).toBe("<p>Stray tags</p>");
    expect(entry("<summary>It&#8217;s 3 &lt; 4 &amp; more</summary>").summaryHtml).toBe("It’s 3 &lt; 4 &amp; more");
  });
});
