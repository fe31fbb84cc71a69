import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAppContext, DOWNLOAD_RETRY_MS } from "../src/app/app-context";
import { loadConfig } from "../src/config/load-config";
import type { LoadEmbedderOptions, LoadEmbedderResult } from "../src/embeddings";

let indexDir: string;
beforeEach(() => {
  indexDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-context-"));
});
afterEach(() => fs.rmSync(indexDir, { recursive: true, force: true }));

const OFFLINE = "Xenova/all-MiniLM-L6-v2 could not be downloaded: fetch failed: getaddrinfo ENOTFOUND huggingface.co";

function contextAt(now: Date, env: Record<string, string> = {}) {
  const notices: string[] = [];
  const attempts: LoadEmbedderOptions[] = [];
  const context = createAppContext(loadConfig({ INDEX_DIR: indexDir, ...env }), {
    clock: () => now,
    notice: (message) => notices.push(message),
    loadEmbedder: async (options): Promise<LoadEmbedderResult> => {
      attempts.push(options);
      return { embedder: null, reason: OFFLINE };
    },
  });
  return { context, notices, attempts };
}

describe("the embedder of an app context", () => {
  it("EMBEDDING_MODEL=none is keyword-only with no load attempt and no notice", async () => {
    const { context, notices, attempts } = contextAt(new Date("2026-01-01T10:00:00Z"), { EMBEDDING_MODEL: "none" });
    expect(await context.embedder()).toBeNull();
    expect(await context.queryEmbedder()).toBeNull();
    context.close();
    expect(attempts).toEqual([]);
    expect(notices).toEqual([]);
  });

  it("remembers a failed download in the index, with its reason, until the retry time", async () => {
    const first = contextAt(new Date("2026-01-01T10:00:00Z"));
    expect(await first.context.embedder()).toBeNull();
    first.context.close();
    expect(first.attempts).toHaveLength(1);
    expect(first.notices).toEqual([OFFLINE]);

    const later = contextAt(new Date("2026-01-01T10:30:00Z"));
    expect(await later.context.embedder()).toBeNull();
    later.context.close();
    expect(later.attempts).toEqual([]);
    expect(later.notices).toHaveLength(1);
    expect(later.notices[0]).toContain(OFFLINE);
    expect(later.notices[0]).toContain(`next try after ${new Date(Date.parse("2026-01-01T10:00:00Z") + DOWNLOAD_RETRY_MS).toISOString()}`);

    const afterRetryTime = contextAt(new Date(Date.parse("2026-01-01T10:00:00Z") + DOWNLOAD_RETRY_MS + 1));
    await afterRetryTime.context.embedder();
    afterRetryTime.context.close();
    expect(afterRetryTime.attempts).toHaveLength(1);
  });

  it("does not hold a remembered download failure against a model folder", async () => {
    const first = contextAt(new Date("2026-01-01T10:00:00Z"));
    await first.context.embedder();
    first.context.close();
    const withFolder = contextAt(new Date("2026-01-01T10:01:00Z"), { EMBEDDING_MODEL_PATH: path.join(indexDir, "models-here") });
    await withFolder.context.embedder();
    withFolder.context.close();
    expect(withFolder.attempts).toHaveLength(1);
  });
});
