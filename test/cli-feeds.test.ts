import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

describe("feeds command", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-cli-feeds-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "src/cli/main.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, INDEX_DIR: path.join(dir, "index"), EMBEDDING_MODEL: "none", LOG_LEVEL: "silent", FEEDS: "", ...env },
      encoding: "utf8",
    });

  it("adds, lists (--json) and removes feeds kept in the index; FEEDS adds to them", () => {
    const added = cli(["feeds", "add", "https://wire.example.com/rss.xml", "--channel", "1000000000000000012"]);
    expect(added.stderr).toBe("");
    expect(added.status).toBe(0);
    expect(added.stdout).toBe("added https://wire.example.com/rss.xml (announced in channel 1000000000000000012)\n");

    const listed = cli(["feeds", "list", "--json"], { FEEDS: "https://env.example.net/atom.xml" });
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({
      feeds: [
        { url: "https://wire.example.com/rss.xml", title: null, state: "new", lastSuccessAt: null, lastError: null, articles: 0, channelId: "1000000000000000012" },
        { url: "https://env.example.net/atom.xml", title: null, state: "new", lastSuccessAt: null, lastError: null, articles: 0, channelId: null },
      ],
    });

    const removed = cli(["feeds", "remove", "https://wire.example.com/rss.xml"]);
    expect(removed.status).toBe(0);
    expect(removed.stdout).toMatch(/^removed https:\/\/wire\.example\.com\/rss\.xml/);
    const text = cli(["feeds", "list"]);
    expect(text.stdout).toContain("<https://env.example.net/atom.xml>");
    expect(text.stdout).not.toContain("wire.example.com");
  });

  it("fails with one line naming the problem for a bad URL, channel or unknown feed", () => {
    const bad = cli(["feeds", "add", "ftp://x.example/feed"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr.split("\n")[0]).toBe("newsdesk: a feed URL must start with http:// or https:// (got ftp:)");
    const channel = cli(["feeds", "add", "https://a.example/rss", "--channel", "news"]);
    expect(channel.status).toBe(1);
    expect(channel.stderr).toMatch(/--channel must be a Discord channel id/);
    const unknown = cli(["feeds", "remove", "https://nowhere.example/rss"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/is not in the feed list; see `feeds list`/);
  });
});
