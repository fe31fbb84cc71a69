import { parentPort } from "node:worker_threads";
import { parseHtmlArticle } from "./parse-html";
import type { ArticleOutcome } from "./types";

/** A worker of the HTML pool (parse-html-off-thread.ts): parses one page per message. */
parentPort!.on("message", ({ id, html, path }: { id: number; html: string; path: string }) => {
  let outcome: ArticleOutcome;
  try {
    outcome = parseHtmlArticle(html, path);
  } catch (error) {
    // Readability throws past maxElemsToParse, and a page can break it in other ways: still one line.
    outcome = { error: `cannot parse the HTML (${(error as Error).message})` };
  }
  parentPort!.postMessage({ id, outcome });
});

// Loading this module (linkedom, Readability) takes seconds on a busy machine: no page's budget should pay for it.
parentPort!.postMessage({ ready: true });
