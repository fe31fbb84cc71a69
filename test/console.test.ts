import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
let indexDir: string;

beforeAll(() => {
  indexDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-console-"));
});
afterAll(() => fs.rmSync(indexDir, { recursive: true, force: true }));

function start(input: string) {
  return execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "src/main.ts")], {
    cwd: ROOT,
    input,
    encoding: "utf8",
    env: {
      ...process.env,
      DISCORD_TOKEN: "",
      INDEX_DIR: indexDir,
      ARTICLES_DIR: path.join(ROOT, "articles"),
      EMBEDDING_MODEL_PATH: path.join(indexDir, "no-models"),
      LOG_LEVEL: "silent",
    },
  });
}

describe("npm start without DISCORD_TOKEN: the console", () => {
  it("ingests the articles folder, answers piped lines, and exits at end of input", () => {
    const output = start(
      ["/ask What did Putin say about the attacks on Iran?", "Why is the Kremlin urging restraint over Iran?", "/search Fordow", "/sources", "/help", "/ask What is the capital of France?"].join("\n"),
    );
    expect(output).toContain('> Putin condemned the attacks on Iran as "unprovoked"');
    expect(output).toMatch(/\[1\] Kremlin Says It Would Welcome Iran-Israel Truce .* — The Moscow Times, 24 Jun 2025 <https:\/\/www\.themoscowtimes\.com\//);
    expect(output).toContain("> The Kremlin on Tuesday urged all parties to refrain from escalation over Iran");
    expect(output).toMatch(/1\. Kremlin urges restraint over Iran .* — TRT World \(Reuters\), 30 Dec 2025/);
    expect(output).toContain("2 articles");
    expect(output).toContain("/search QUERY");
    expect(output).toContain("I couldn't find that in the articles.");
  });

  it("a second start finds the index ready and does not re-ingest", () => {
    const output = start("/sources\n");
    expect(output).toContain("2 articles");
  });
});
