/**
 * Questions of our own over articles of our own (bench/written): local news stories written for newsdesk's
 * benchmark, two of them told by two outlets, and questions a reader would ask of them. Most answerable ones use
 * other words than the text ("How many jobs were cut?" of "…to shed 180 positions"); the unanswerable ones ask
 * about the same people and places for a fact no article gives, or about something else altogether.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { answerQuestion } from "../src/answers";
import { readArticleFile } from "../src/articles/read-article-file";
import { createArticleWriter } from "../src/ingest/article-writer";
import { closeStore, openStore } from "../src/store";
import { REPO_ROOT } from "./child-process";

export const WRITTEN_DIR = path.join(REPO_ROOT, "bench", "written");

const questionsSchema = z.array(
  z.object({
    question: z.string().min(1),
    /** The day "now" is for the question's relative dates. */
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** Strings of the answering article's text, any of which in a quote answers it; null when no article answers it. */
    answers: z.array(z.string().min(1)).min(1).nullable(),
  }),
);

export interface WrittenQuestionsResult {
  articles: number;
  answerable: number;
  answered: number;
  /** Answerable questions with a quote holding one of their answer strings. */
  answeredRight: number;
  unanswerable: number;
  unanswerableAnswered: number;
}

function normalised(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ");
}

/** Asks every question of an index of the written articles, keyword-only, each as of its own day. */
export async function measureWrittenQuestions(workDir: string, dir: string = WRITTEN_DIR): Promise<WrittenQuestionsResult> {
  const questions = questionsSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, "questions.json"), "utf8")));
  const store = openStore(path.join(workDir, "written-questions"));
  try {
    const writer = createArticleWriter(store, null, () => new Date("2026-01-01T00:00:00Z"));
    const files = fs.readdirSync(path.join(dir, "articles")).filter((file) => file.endsWith(".md")).sort();
    for (const file of files) {
      const read = await readArticleFile(path.join(dir, "articles", file));
      if ("error" in read) throw new Error(`bench/written/articles/${file}: ${read.error}`);
      for (const article of read.articles) await writer.add(article);
    }
    await writer.flush();
    const result: WrittenQuestionsResult = { articles: files.length, answerable: 0, answered: 0, answeredRight: 0, unanswerable: 0, unanswerableAnswered: 0 };
    for (const { question, asOf, answers } of questions) {
      const now = new Date(`${asOf}T12:00:00Z`);
      const answer = await answerQuestion({ store, embedder: null, clock: () => now, timeZone: "UTC" }, question);
      if (answers === null) {
        result.unanswerable += 1;
        if (answer.answered) result.unanswerableAnswered += 1;
        continue;
      }
      result.answerable += 1;
      if (!answer.answered) continue;
      result.answered += 1;
      if (answer.quotes.some((quote) => answers.some((expected) => normalised(quote.text).includes(normalised(expected))))) result.answeredRight += 1;
    }
    return result;
  } finally {
    closeStore(store);
  }
}
