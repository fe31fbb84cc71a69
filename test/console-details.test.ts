import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAppContext } from "../src/app/app-context";
import { loadConfig } from "../src/config/load-config";
import { respondToLine } from "../src/console/run-console";
import { plainLogLine } from "../src/log";

describe("console logs", () => {
  it("are plain lines a person reads, not JSON", () => {
    const json = JSON.stringify({ level: 40, time: Date.parse("2026-11-30T12:04:31Z"), msg: "feed poll failed", feed: "https://x.example/rss", error: "HTTP 503", failures: 2 });
    expect(plainLogLine(json)).toBe("12:04:31 warn feed poll failed feed=https://x.example/rss error=\"HTTP 503\" failures=2");
    const withError = JSON.stringify({ level: 50, time: Date.parse("2026-11-30T12:05:00Z"), msg: "console command failed", err: { type: "Error", message: "boom", stack: "Error: boom\n    at x" } });
    expect(plainLogLine(withError)).toBe("12:05:00 error console command failed err=boom");
  });
});

describe("/sources in the console", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-console-sources-"));
  const context = createAppContext(loadConfig({ INDEX_DIR: dir, EMBEDDING_MODEL: "none" }), { notice: () => {} });
  afterAll(() => {
    context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows each feed's state", async () => {
    const feedStatus = () => [
      { url: "https://bay.example/rss", title: "Bay Daily News", ok: true, lastError: null, lastSuccessAt: "2026-11-30T11:45:00.000Z", consecutiveFailures: 0, nextPollAt: "2026-11-30T12:00:00.000Z" },
      { url: "https://down.example/feed", title: null, ok: false, lastError: "HTTP 503", lastSuccessAt: null, consecutiveFailures: 3, nextPollAt: "2026-11-30T13:45:00.000Z" },
    ];
    const text = await respondToLine(context, "/sources", { feedStatus });
    expect(text).toContain(
      "feeds:\n  Bay Daily News <https://bay.example/rss> — ok, last read 2026-11-30T11:45:00.000Z; next poll 2026-11-30T12:00:00.000Z\n" +
        "  <https://down.example/feed> — failing (3 in a row): HTTP 503; next poll 2026-11-30T13:45:00.000Z",
    );
    expect(await respondToLine(context, "/sources", {})).toContain("feeds: none (set FEEDS to poll RSS or Atom feeds)");
  });
});
