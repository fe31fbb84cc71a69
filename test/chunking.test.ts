import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readArticleFile } from "../src/articles/read-article-file";
import { chunkArticle, type ChunkOptions } from "../src/chunking/chunk-article";
import { splitSentences } from "../src/chunking/split-sentences";
import { textToEmbed } from "../src/chunking/text-to-embed";
import type { Chunk } from "../src/chunking/types";

const SAMPLES = ["000_13b3b47ab246e4d6.txt", "003_da7c7d15accfc1c9.txt"].map((name) =>
  fileURLToPath(new URL(`../articles/${name}`, import.meta.url)),
);

/** A small deterministic PRNG (mulberry32), so generated cases are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["the", "Kremlin", "said", "on", "Tuesday", "that", "talks", "U.S.", "Mr.", "Dr.", "Jan.", "officials", "would", "resume", "in", "Geneva", "No.", "10", "“we", "are", "ready,”", "e.g.", "prices", "rose", "3.5%", "a.m.", "Sen.", "Smith"];
const ENDINGS = [".", ".", ".", "?", "!", ".”", '."', "…"];
const GAPS = [" ", " ", " ", "  ", "\n\n", "\n\n", " \n\n ", "\t"];

/** Text shaped like an article, with abbreviations, quotes, odd whitespace and paragraph breaks. */
function generatedText(next: () => number, sentences: number, maxSentenceWords = 30): string {
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  let text = next() < 0.3 ? "  " : "";
  for (let s = 0; s < sentences; s++) {
    const length = 1 + Math.floor(next() * maxSentenceWords);
    const words = Array.from({ length }, () => pick(WORDS));
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    text += words.join(" ") + pick(ENDINGS) + pick(GAPS);
  }
  return text;
}

function words(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** What every split must satisfy for any text. */
function expectSentenceInvariants(text: string): void {
  const sentences = splitSentences(text);
  let previousEnd = 0;
  for (const sentence of sentences) {
    expect(sentence.text).toBe(text.slice(sentence.start, sentence.end));
    expect(sentence.text).toBe(sentence.text.trim());
    expect(sentence.text).not.toBe("");
    expect(sentence.start).toBeGreaterThanOrEqual(previousEnd);
    // Nothing but whitespace is left between sentences.
    expect(text.slice(previousEnd, sentence.start).trim()).toBe("");
    // A paragraph break always ends a sentence.
    expect(sentence.text).not.toContain("\n\n");
    previousEnd = sentence.end;
  }
  expect(text.slice(previousEnd).trim()).toBe("");
}

/** What every chunking must satisfy: exact offsets, whole sentences, bounded size, one-sentence overlaps. */
function expectChunkInvariants(text: string, chunks: Chunk[], { minWords = 80, maxWords = 200 }: ChunkOptions = {}): void {
  const sentences = splitSentences(text);
  const starts = new Set(sentences.map((sentence) => sentence.start));
  const ends = new Set(sentences.map((sentence) => sentence.end));
  expect(chunks.length > 0).toBe(sentences.length > 0);
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(chunk.text).toBe(text.slice(chunk.start, chunk.end));
    expect(starts.has(chunk.start) && ends.has(chunk.end)).toBe(true);
    const inside = sentences.filter((sentence) => sentence.start >= chunk.start && sentence.end <= chunk.end);
    const count = words(chunk.text);
    if (inside.length > 1 && i < chunks.length - 1) expect(count).toBeLessThanOrEqual(maxWords);
    // The last chunk may have taken in a tail too small to stand alone.
    if (i === chunks.length - 1 && chunks.length > 1) expect(count).toBeLessThan(maxWords + minWords);
    if (chunks.length > 1 && i === chunks.length - 1) expect(count).toBeGreaterThanOrEqual(minWords);
  });
  expect(chunks[0]?.start).toBe(sentences[0]?.start);
  expect(chunks.at(-1)?.end).toBe(sentences.at(-1)?.end);
  for (let i = 1; i < chunks.length; i++) {
    const previous = chunks[i - 1]!;
    const chunk = chunks[i]!;
    // Each chunk moves on, and either starts right after the last or repeats exactly its last sentence.
    expect(chunk.start).toBeGreaterThan(previous.start);
    const lastOfPrevious = sentences.filter((sentence) => sentence.end <= previous.end).at(-1)!;
    const nextAfterPrevious = sentences.find((sentence) => sentence.start >= previous.end)!;
    expect([lastOfPrevious.start, nextAfterPrevious.start]).toContain(chunk.start);
  }
}

describe("splitSentences", () => {
  it("gives trimmed spans that map back to the text", () => {
    const text = "  The Kremlin said Tuesday it would welcome a truce.   Peskov agreed!\n\nA new paragraph?  ";
    expect(splitSentences(text)).toEqual([
      { start: 2, end: 52, text: "The Kremlin said Tuesday it would welcome a truce." },
      { start: 55, end: 69, text: "Peskov agreed!" },
      { start: 71, end: 87, text: "A new paragraph?" },
    ]);
  });

  it("does not split after abbreviations, initials and acronyms", () => {
    const text =
      "U.S. President Donald J. Trump met Mr. Smith and Dr. Jones at No. 10 Downing St. in Jan. 2025 at 10 a.m. GMT. They talked.";
    expect(splitSentences(text).map((sentence) => sentence.text)).toEqual([
      "U.S. President Donald J. Trump met Mr. Smith and Dr. Jones at No. 10 Downing St. in Jan. 2025 at 10 a.m. GMT.",
      "They talked.",
    ]);
    expect(splitSentences("The strikes hit the U.S. Al Udeid Air Base in Qatar. No one was hurt.").map((s) => s.text)).toEqual([
      "The strikes hit the U.S. Al Udeid Air Base in Qatar.",
      "No one was hurt.",
    ]);
    expect(splitSentences("He said no. Then he left.")).toHaveLength(2);
    expect(splitSentences("The court overturned Roe v. Wade in 2022. It was a landmark.").map((s) => s.text)).toEqual([
      "The court overturned Roe v. Wade in 2022.",
      "It was a landmark.",
    ]);
  });

  it("keeps closing quotes with their sentence and a quotation of several sentences whole", () => {
    const text =
      '“This will be a sustainable ceasefire.” Peskov said so. On Truth Social, he called on Israel to "NOT DROP THOSE BOMBS. IF YOU DO IT IS A MAJOR VIOLATION. BRING YOUR PILOTS HOME, NOW!" Then he left.';
    expect(splitSentences(text).map((sentence) => sentence.text)).toEqual([
      "“This will be a sustainable ceasefire.”",
      "Peskov said so.",
      'On Truth Social, he called on Israel to "NOT DROP THOSE BOMBS. IF YOU DO IT IS A MAJOR VIOLATION. BRING YOUR PILOTS HOME, NOW!"',
      "Then he left.",
    ]);
  });

  it("goes on after a question or exclamation mark when the next words open in lower case", () => {
    const text = '"Are you OK?" she asked. The French bulldog is now the most popular (pup-ular?) dog breed. What now? iPhone sales rose. Why? Because.';
    expect(splitSentences(text).map((sentence) => sentence.text)).toEqual([
      '"Are you OK?" she asked.',
      "The French bulldog is now the most popular (pup-ular?) dog breed.",
      "What now?",
      "iPhone sales rose.",
      "Why?",
      "Because.",
    ]);
  });

  it("ends a sentence at a paragraph break even without punctuation", () => {
    expect(splitSentences("Bond yields fall\n\nTreasury yields fell. Mr.\n\nSmith").map((s) => s.text)).toEqual([
      "Bond yields fall",
      "Treasury yields fell.",
      "Mr.",
      "Smith",
    ]);
  });

  it("splits a long text the same way all through", () => {
    const sentences = Array.from({ length: 3000 }, (_, n) => `Mr. Smith said sentence ${n} ends “here.”`);
    const text = sentences.map((sentence, n) => (n % 7 === 6 ? `${sentence}\n\n` : `${sentence} `)).join("");
    expect(splitSentences(text).map((sentence) => sentence.text)).toEqual(sentences);
  });

  it("holds its invariants over many generated texts and the samples", async () => {
    const next = random(7);
    for (let i = 0; i < 300; i++) expectSentenceInvariants(generatedText(next, 1 + Math.floor(next() * 25)));
    for (const path of SAMPLES) {
      const result = await readArticleFile(path);
      if ("error" in result) throw new Error(result.error);
      expectSentenceInvariants(result.articles[0]!.text);
    }
    expect(splitSentences("")).toEqual([]);
    expect(splitSentences(" \n\n ")).toEqual([]);
  });
});

describe("chunkArticle", () => {
  let sampleTexts: string[];
  beforeAll(async () => {
    sampleTexts = await Promise.all(
      SAMPLES.map(async (path) => {
        const result = await readArticleFile(path);
        if ("error" in result) throw new Error(result.error);
        return result.articles[0]!.text;
      }),
    );
  });

  it("holds its invariants over many generated texts", () => {
    const next = random(42);
    for (let i = 0; i < 300; i++) {
      const text = generatedText(next, 1 + Math.floor(next() * 80));
      expectChunkInvariants(text, chunkArticle(text));
    }
    for (let i = 0; i < 100; i++) {
      const text = generatedText(next, 1 + Math.floor(next() * 40), 12);
      const options = { minWords: 20, maxWords: 45, overlapSentences: 1 };
      expectChunkInvariants(text, chunkArticle(text, options), options);
    }
  });

  it("splits the samples into overlapping chunks of whole sentences", () => {
    for (const text of sampleTexts) {
      expect(chunkArticle(text)).toHaveLength(words(text) > 200 ? 2 : 1);
      const options = { minWords: 40, maxWords: 90 };
      const chunks = chunkArticle(text, options);
      expect(chunks.length).toBeGreaterThanOrEqual(3);
      expectChunkInvariants(text, chunks, options);
      for (const chunk of chunks) expect(words(chunk.text)).toBeGreaterThanOrEqual(40);
    }
  });

  it("keeps a short article whole", () => {
    const text = "Stocks rose on Wednesday.\n\nBonds fell. The dollar was flat.";
    expect(chunkArticle(text)).toEqual([{ index: 0, start: 0, end: text.length, text }]);
    expect(chunkArticle("   ")).toEqual([]);
  });

  it("gives a sentence longer than the maximum a chunk of its own", () => {
    const long = `${Array.from({ length: 60 }, (_, i) => `Word${i}`).join(" ")}.`;
    const text = `Short one here. ${long} Another short one. And one more.`;
    const chunks = chunkArticle(text, { minWords: 5, maxWords: 20 });
    expect(chunks.map((chunk) => chunk.text)).toContain(long);
    expectChunkInvariants(text, chunks, { minWords: 5, maxWords: 20 });
  });

  it("prefers to end a chunk at a paragraph break", () => {
    const sentence = (n: number) => `Sentence ${n} has exactly eight words in it.`;
    const text = [
      [1, 2, 3].map(sentence).join(" "),
      [4, 5, 6, 7].map(sentence).join(" "),
      [8, 9, 10, 11].map(sentence).join(" "),
    ].join("\n\n");
    const chunks = chunkArticle(text, { minWords: 16, maxWords: 48, overlapSentences: 0 });
    expect(chunks.map((chunk) => words(chunk.text))).toEqual([24, 32, 32]);
    expect(chunks[0]!.text).toBe([1, 2, 3].map(sentence).join(" "));
  });

  it("overlaps consecutive chunks by the requested number of sentences", () => {
    const text = Array.from({ length: 30 }, (_, n) => `This is sentence number ${n} of the text.`).join(" ");
    for (const overlapSentences of [0, 1, 2]) {
      const chunks = chunkArticle(text, { minWords: 20, maxWords: 40, overlapSentences });
      for (let i = 1; i < chunks.length; i++) {
        const shared = splitSentences(text).filter((s) => s.start >= chunks[i]!.start && s.end <= chunks[i - 1]!.end);
        expect(shared).toHaveLength(overlapSentences);
      }
    }
  });

  it("merges a tail too small to stand alone into the chunk before", () => {
    const sentence = (n: number) => `Sentence ${n} has exactly eight words in it.`;
    const text = [1, 2, 3, 4, 5, 6].map(sentence).join(" ");
    const chunks = chunkArticle(text, { minWords: 20, maxWords: 40, overlapSentences: 0 });
    expect(chunks.map((chunk) => words(chunk.text))).toEqual([24, 24]);
    const lopsided = `${[1, 2, 3, 4, 5].map(sentence).join(" ")} Tail.`;
    const merged = chunkArticle(lopsided, { minWords: 20, maxWords: 40, overlapSentences: 0 });
    expect(merged.every((chunk) => words(chunk.text) >= 20)).toBe(true);
    expect(merged.at(-1)!.end).toBe(lopsided.length);
  });
});

describe("textToEmbed", () => {
  it("puts the title and the date before the chunk's text", () => {
    const chunk = { index: 0, start: 0, end: 12, text: "Stocks rose." };
    expect(textToEmbed({ title: "Markets rally", published: "2025-03-05T13:30:00.000Z" }, chunk)).toBe(
      "Markets rally\n2025-03-05\nStocks rose.",
    );
    expect(textToEmbed({ title: "Markets rally", published: null }, chunk)).toBe("Markets rally\nStocks rose.");
  });
});
