import { describe, expect, it } from "vitest";
import { cleanUpPassages } from "../src/retrieval/result-hygiene";
import type { Passage } from "../src/retrieval";

let nextRowid = 1;

/** A passage of `text` in the article with rowid `articleRowid`. */
function passage(text: string, articleRowid: number): Passage {
  const rowid = nextRowid++;
  const article = { rowid: articleRowid, id: `a${articleRowid}`, title: "Title", text, url: null, urls: [], published: null, source: null, author: null, ingestedAt: "2026-01-01T00:00:00.000Z" };
  const chunk = { rowid, chunkId: `a${articleRowid}#${rowid}`, articleRowid, articleId: article.id, index: 0, start: 0, end: text.length, text };
  return { chunk, article, score: 1, keywordScore: 1, denseSimilarity: null };
}

const texts = (passages: Passage[]) => passages.map((kept) => kept.chunk.text);

const STORY = "The harbour reopened on Monday after the storm damaged two piers and sank a fishing boat near the old lighthouse";

describe("cleanUpPassages", () => {
  it("drops a passage that repeats a better one almost word for word, keeps one that differs", () => {
    const copy = STORY.replace("lighthouse", "pier");
    const other = "Fishing boats stayed home while the storm passed over the coast and the harbour master closed the port";
    expect(texts(cleanUpPassages([passage(STORY, 1), passage(copy, 2), passage(other, 3)], 10, 2))).toEqual([STORY, other]);
  });

  it("compares words as the search reads them: case, punctuation and possessives aside", () => {
    const shouted = `${STORY.toUpperCase().replace("HARBOUR", "HARBOUR'S")}!`;
    expect(texts(cleanUpPassages([passage(STORY, 1), passage(shouted, 2)], 10, 2))).toEqual([STORY]);
  });

  it("treats a text of under three words as one shingle of itself", () => {
    const kept = cleanUpPassages([passage("Storm hits", 1), passage("storm, hits!", 2), passage("Storm", 3), passage("Storm hits harbour", 4)], 10, 2);
    expect(texts(kept)).toEqual(["Storm hits", "Storm", "Storm hits harbour"]);
  });

  it("keeps at most perArticle passages of one article, and a capped passage still hides its copies", () => {
    const second = "A second report on the harbour describes the repairs to the piers and the cost of the work so far";
    const third = "A third report on the harbour lists the boats lost in the storm and the families who owned them";
    const thirdCopy = third.replace("them", "it");
    const kept = cleanUpPassages([passage(STORY, 1), passage(second, 1), passage(third, 1), passage(thirdCopy, 2)], 10, 2);
    expect(texts(kept)).toEqual([STORY, second]);
  });

  it("stops at the limit without reading further passages", () => {
    let read = 0;
    const passages = (function* () {
      for (let i = 0; i < 100; i++) {
        read += 1;
        yield passage(`Report number ${i} on the harbour and the storm that hit it`, i);
      }
    })();
    expect(cleanUpPassages(passages, 3, 2)).toHaveLength(3);
    expect(read).toBe(3);
  });
});
