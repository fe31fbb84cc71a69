import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseQuery } from "../src/retrieval";
import { searchKeyword } from "../src/retrieval/search-fulltext";
import { closeStore, openStore, readDocumentFrequencies, searchFulltext, writeArticle, type Store } from "../src/store";

let dir: string;
let store: Store;

/** One article whose chunks are the given texts. */
function writeChunks(target: Store, id: string, texts: string[], source = "Test Times"): void {
  let start = 0;
  const chunks = texts.map((text, index) => {
    const chunk = { index, start, end: start + text.length, text };
    start += text.length + 1;
    return chunk;
  });
  const article = { id, title: `Report ${id}`, text: texts.join(" "), url: null, published: "2025-06-24", source, author: null, path: `/tmp/${id}.txt` };
  writeArticle(target, { article, contentHash: `c-${id}`, textHash: `t-${id}`, ingestedAt: "2025-06-25T00:00:00.000Z" }, { chunks, vectors: null });
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-keyword-"));
  store = openStore(dir);
});

afterEach(() => {
  closeStore(store);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("searchFulltext within other words", () => {
  it("scores only the chunks that match them, by the whole expression", () => {
    writeChunks(store, "a", ["Storm hits the harbour.", "The harbour reopens.", "A storm is coming.", "Fishing boats stay home."]);
    const expression = '"storm" OR "harbour"';
    const everything = searchFulltext(store, expression, { limit: 10 });
    const within = searchFulltext(store, expression, { limit: 10, within: '"storm"' });
    expect(everything).toHaveLength(3);
    expect(within.map((hit) => hit.rowid)).toEqual(everything.filter((hit) => hit.rowid !== 2).map((hit) => hit.rowid));
    for (const hit of within) expect(hit.score).toBeCloseTo(everything.find((other) => other.rowid === hit.rowid)!.score);
    expect(searchFulltext(store, expression, { limit: 10, within: '"storm"', filter: { source: "test times" } })).toEqual(within);
    expect(searchFulltext(store, expression, { limit: 10, within: '"storm"', filter: { source: "elsewhere" } })).toEqual([]);
  });
});

describe("a broad keyword query", () => {
  // 6,000 chunks: "harbour", "dock", "pier", "quay" and "jetty" in 1,000 each (chunk rowid n + 1 mentions words[n % 6]),
  // "market" in all of them. The rarest words of the question below are "zeppelin" and the four before "jetty".
  beforeEach(() => {
    // The jetty is named three times, so that a chunk naming only it would outrank the others if it were scored.
    const words = ["harbour", "dock", "pier", "quay", "jetty, the jetty and the jetty", "beach"];
    for (let article = 0; article < 60; article++) {
      const texts = Array.from({ length: 100 }, (_, i) => `The market report number ${article * 100 + i} mentions the ${words[(article * 100 + i) % 6]}.`);
      writeChunks(store, `filler-${article}`, texts);
    }
  });

  const question = parseQuery("zeppelin harbour dock pier quay jetty market");

  it("scores the chunks holding its rarest words by every word it keeps", () => {
    writeChunks(store, "both", ["A zeppelin moored at the jetty."]);
    writeChunks(store, "one", ["A zeppelin moored somewhere."]);
    const hits = searchKeyword(store, question, 10, {});
    expect(hits.slice(0, 2).map((hit) => hit.rowid)).toEqual([6001, 6002]);
    // Chunks with none of the rarest words are not scored: here, those that mention only the jetty.
    expect(hits.every((hit) => hit.rowid > 6000 || hit.rowid % 6 !== 5)).toBe(true);
  });

  it("scores every matching chunk when a filter leaves too few with the rarest words", () => {
    writeChunks(store, "gazette", ["The jetty of the market town.", "The market by the jetty."], "Harbour Gazette");
    const hits = searchKeyword(store, question, 10, { source: "harbour gazette" });
    expect(hits.map((hit) => hit.rowid).sort()).toEqual([6001, 6002]);
  });
});

describe("an irregular verb's past forms", () => {
  it("are not searched when the index stores them as a stop word: \"ate\" is held as \"at\"", () => {
    writeChunks(store, "zoo", ["The keepers fed the cubs at noon.", "Visitors queued at the gate.", "The cubs ate bamboo shoots."]);
    const hits = searchKeyword(store, parseQuery("What did the lions eat?"), 10, {});
    // Searched as "ate", "eat" matched every chunk saying "at"; nothing here says "lions", "eat" or "eaten".
    expect(hits).toEqual([]);
    // "Found" is held as itself, so "find" still finds it.
    writeChunks(store, "survey", ["The survey found rising rents."]);
    expect(searchKeyword(store, parseQuery("What did the survey find?"), 10, {}).map((hit) => hit.rowid)).toEqual([4]);
  });
});

describe("readDocumentFrequencies", () => {
  it("follows the index as this connection and another one write to it", () => {
    writeChunks(store, "a", ["Storm hits the harbour.", "The harbour reopens."]);
    expect(readDocumentFrequencies(store, ["harbour", "storm"])).toEqual({ chunks: 2, frequencies: new Map([["harbour", 2], ["storm", 1]]) });
    writeChunks(store, "b", ["A storm is coming."]);
    expect(readDocumentFrequencies(store, ["storm"])).toEqual({ chunks: 3, frequencies: new Map([["storm", 2]]) });
    const other = openStore(dir);
    try {
      writeChunks(other, "c", ["Another storm."]);
    } finally {
      closeStore(other);
    }
    expect(readDocumentFrequencies(store, ["storm"])).toEqual({ chunks: 4, frequencies: new Map([["storm", 3]]) });
  });
});
