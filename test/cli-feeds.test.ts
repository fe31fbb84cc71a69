import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAppContext, type AppContext } from "../src/app/app-context";
import { createFeedService, FeedUrlError } from "../src/app/feed-service";
import { runFeeds } from "../src/cli/feeds";
import { loadConfig } from "../src/config/load-config";

const ROOT = path.resolve(__dirname, "..");

describe("feeds command", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-cli-feeds-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs `feeds ARGS` in this process with FEEDS as given; returns what it printed. */
  async function feeds(args: string[], env: Record<string, string> = {}): Promise<string> {
    const context: AppContext = createAppContext(loadConfig({ INDEX_DIR: path.join(dir, "index"), EMBEDDING_MODEL: "none", LOG_LEVEL: "silent", ...env }));
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
    try {
      expect(await runFeeds(context, args)).toBe(0);
    } finally {
      spy.mockRestore();
      context.close();
    }
    return written.join("");
  }

  it("adds, lists (--json) and removes feeds kept in the index; FEEDS adds to them", async () => {
    expect(await feeds(["add", "https://wire.example.com/rss.xml", "--channel", "1000000000000000012"])).toBe(
      "added https://wire.example.com/rss.xml (announced in channel 1000000000000000012)\n",
    );
    expect(JSON.parse(await feeds(["list", "--json"], { FEEDS: "https://env.example.net/atom.xml" }))).toEqual({
      feeds: [
        { url: "https://wire.example.com/rss.xml", title: null, state: "new", lastSuccessAt: null, lastError: null, articles: 0, channelId: "1000000000000000012" },
        { url: "https://env.example.net/atom.xml", title: null, state: "new", lastSuccessAt: null, lastError: null, articles: 0, channelId: null },
      ],
    });
    expect(await feeds(["remove", "https://wire.example.com/rss.xml"])).toMatch(/^removed https:\/\/wire\.example\.com\/rss\.xml/);
    const text = await feeds(["list"]);
    expect(text).toContain("<https://env.example.net/atom.xml>\n  new · 0 articles · last success never");
    expect(text).not.toContain("wire.example.com");
  });

  it("fails with one line naming the problem for a bad URL, channel or unknown feed", async () => {
    await expect(feeds(["add", "ftp://x.example/feed"])).rejects.toThrow("a feed URL must start with http:// or https:// (got ftp:)");
    await expect(feeds(["add", "https://a.example/rss", "--channel", "news"])).rejects.toThrow(/--channel must be a Discord channel id/);
    await expect(feeds(["remove", "https://nowhere.example/rss"])).rejects.toThrow(/is not in the feed list; see `feeds list`/);
    await expect(feeds(["rename"])).rejects.toThrow(/^unknown feeds action "rename"$/);
  });

  it("refuses at once a feed on a private address or localhost, which every poll would refuse, unless FEEDS_ALLOW_PRIVATE=1", async () => {
    const refused = /^refused: (127\.0\.0\.1|::1|192\.168\.1\.20|localhost) is a private or local address; set FEEDS_ALLOW_PRIVATE=1 to fetch feeds on your own network$/;
    for (const url of ["http://127.0.0.1:8080/rss", "http://[::1]/rss", "https://192.168.1.20/feed.xml", "http://localhost/rss"]) {
      await expect(feeds(["add", url]), url).rejects.toThrow(refused);
    }
    expect(JSON.parse(await feeds(["list", "--json"])).feeds.map((feed: { url: string }) => feed.url)).not.toContain("http://localhost/rss");
    expect(await feeds(["add", "http://localhost/rss"], { FEEDS_ALLOW_PRIVATE: "1" })).toBe("added http://localhost/rss\n");
    expect(await feeds(["add", "http://93.184.216.34/rss"])).toBe("added http://93.184.216.34/rss\n");
    // The bot's /feeds add goes through the feed service, which refuses the same way.
    const context = createAppContext(loadConfig({ INDEX_DIR: path.join(dir, "index"), EMBEDDING_MODEL: "none", LOG_LEVEL: "silent" }));
    try {
      expect(() => createFeedService(context).add("http://10.0.0.5/rss")).toThrow(FeedUrlError);
    } finally {
      context.close();
    }
    await feeds(["remove", "http://localhost/rss"]);
    await feeds(["remove", "http://93.184.216.34/rss"]);
  });

  it("is wired into the command line: exit 0 with output, 1 with one line on stderr", () => {
    const cli = (args: string[]) =>
      spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "src/cli/main.ts"), ...args], {
        cwd: ROOT,
        env: { ...process.env, INDEX_DIR: path.join(dir, "index"), EMBEDDING_MODEL: "none", LOG_LEVEL: "silent", FEEDS: "" },
        encoding: "utf8",
      });
    const listed = cli(["feeds", "list", "--json"]);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout).feeds.map((feed: { url: string }) => feed.url)).toEqual(["https://env.example.net/atom.xml"]);
    const bad = cli(["feeds", "add", "not a url"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^newsdesk: "not a url" is not a URL/);
  });
});
