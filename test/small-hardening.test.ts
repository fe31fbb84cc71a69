import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { splitSentences } from "../src/chunking/split-sentences";
import { ConfigError } from "../src/config/load-config";
import { checkDiscordToken } from "../src/discord/check-token";
import { closeStore, openStore, searchFulltext, StoreError, writeArticle, type Store } from "../src/store";
import { createVectorIndex, removeVectors } from "../src/store/vector-index";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-small-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function store1(store: Store, id: string, source: string) {
  const text = `Weather report from ${source}.`;
  writeArticle(
    store,
    {
      article: { id, title: id, text, url: null, published: "2025-06-24", source, author: null, path: null },
      contentHash: id,
      textHash: id,
      ingestedAt: "2025-06-25T00:00:00.000Z",
    },
    { chunks: [{ index: 0, start: 0, end: text.length, text }], vectors: null },
  );
}

describe("small hardening", () => {
  it("counts a vector already marked deleted in the file as deleted", () => {
    const vectors = createVectorIndex("m", 4, 10, 1);
    vectors.index.addPoint([1, 0, 0, 0], 7);
    // Marked in the saved file, unknown to an older sidecar.
    vectors.index.markDelete(7);
    removeVectors(vectors, [7, 99]);
    expect([...vectors.deleted]).toEqual([7]);
  });

  it("cuts a sentence longer than the segmenter's window at a space, never mid-word", () => {
    const words = "harbour ".repeat(700);
    const text = `${words}ends here. A short one follows.`;
    const sentences = splitSentences(text).map((span) => span.text);
    expect(sentences).toEqual([`${words}ends here.`, "A short one follows."]);
    const endless = "harbour ".repeat(6000).trim();
    for (const span of splitSentences(endless)) {
      expect(span.text.startsWith("harbour")).toBe(true);
      expect(span.text.endsWith("harbour")).toBe(true);
    }
  });

  it("says an INDEX_DIR that cannot be created cannot be created, instead of hanging", () => {
    expect(() => openStore("/proc/newsdesk-index")).toThrow(StoreError);
    expect(() => openStore("/proc/newsdesk-index")).toThrow(/^INDEX_DIR \/proc\/newsdesk-index cannot be created \(ENOENT\)/);
  });

  it("says an INDEX_DIR that is a file is no folder, in one line naming INDEX_DIR", () => {
    const file = path.join(dir, "not-a-folder");
    fs.writeFileSync(file, "");
    expect(() => openStore(file)).toThrow(new StoreError(`INDEX_DIR ${file} cannot be created (ENOTDIR); point INDEX_DIR at a writable folder`));
  });

  it("takes % and _ in --source as letters", () => {
    // Chunk rowids follow the order stored: a=1, b=2, c=3, d=4.
    const store = openStore(dir);
    store1(store, "a", "100% News");
    store1(store, "b", "1000 News");
    store1(store, "c", "my_paper");
    store1(store, "d", "myXpaper");
    expect(searchFulltext(store, "weather", { limit: 5, filter: { source: "100%" } }).map((hit) => hit.rowid)).toEqual([1]);
    expect(searchFulltext(store, "weather", { limit: 5, filter: { source: "my_" } }).map((hit) => hit.rowid)).toEqual([3]);
    closeStore(store);
  });

  it("checks the Discord token first, with GET /users/@me", async () => {
    const seen: string[] = [];
    const server = http.createServer((request, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers.authorization}`);
      const good = request.headers.authorization === "Bot good-token";
      response.writeHead(good ? 200 : 401, { "content-type": "application/json" });
      response.end(JSON.stringify(good ? { id: "123456789012345678", username: "newsdesk" } : { message: "401: Unauthorized", code: 0 }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    await expect(checkDiscordToken(api, "bad-token")).rejects.toThrow(ConfigError);
    await expect(checkDiscordToken(api, "bad-token")).rejects.toThrow(/^DISCORD_TOKEN was refused by Discord \(401 Unauthorized\); copy the token again/);
    await expect(checkDiscordToken(api, "good-token")).resolves.toBeUndefined();
    expect(seen.at(-1)).toBe("GET /api/v10/users/@me Bot good-token");
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
});
