/**
 * Indexes the size of a newcomer's first: three paragraphs, each of a different Wikipedia article. Term weights
 * come from the index itself, so with a handful of chunks a word in one of them outweighs the subject the asker
 * means; the pool-wide answer figures never see that. Each index is asked two questions of every paragraph it holds
 * and one near miss per article: a question of another paragraph of the same article whose answer the index does
 * not hold, asked about the same subject and never answerable.
 */
import path from "node:path";
import { answerQuestion } from "../src/answers";
import { closeStore } from "../src/store";
import { containsGoldAnswer, type SquadPassage, type SquadPassages, type SquadQuestion } from "./datasets/squad";
import { buildIndex } from "./newsdesk-index";
import { sample, seededRandom } from "./random";

export interface SmallIndexesResult {
  indexes: number;
  paragraphsPerIndex: number;
  answerable: number;
  answered: number;
  /** Answered with a quote containing one of the gold answer strings. */
  answeredRight: number;
  nearMisses: number;
  nearMissesAnswered: number;
}

const PARAGRAPHS_PER_INDEX = 3;
const QUESTIONS_PER_PARAGRAPH = 2;
const CLOCK = () => new Date("2026-01-01T12:00:00Z");

/** `indexes` seeded draws of three articles with questions on at least two of their paragraphs. */
export async function measureSmallIndexes(workDir: string, pool: SquadPassages, indexes: number, seed: number): Promise<SmallIndexesResult> {
  const questionsOf = new Map<string, SquadQuestion[]>();
  for (const question of pool.questions) questionsOf.set(question.passageId, [...(questionsOf.get(question.passageId) ?? []), question]);
  const paragraphsOf = new Map<string, SquadPassage[]>();
  for (const passage of pool.passages) {
    if (questionsOf.has(passage.id)) paragraphsOf.set(passage.title, [...(paragraphsOf.get(passage.title) ?? []), passage]);
  }
  const titles = [...paragraphsOf].filter(([, paragraphs]) => paragraphs.length >= 2).map(([title]) => title);
  if (titles.length < PARAGRAPHS_PER_INDEX) throw new Error(`small indexes need ${PARAGRAPHS_PER_INDEX} articles with questions on two paragraphs; the pool has ${titles.length}`);
  const random = seededRandom(seed);
  const result: SmallIndexesResult = { indexes, paragraphsPerIndex: PARAGRAPHS_PER_INDEX, answerable: 0, answered: 0, answeredRight: 0, nearMisses: 0, nearMissesAnswered: 0 };
  for (let i = 0; i < indexes; i++) {
    const chosen = sample(titles, PARAGRAPHS_PER_INDEX, random);
    const held = chosen.map((title) => sample(paragraphsOf.get(title)!, 1, random)[0]!);
    const heldText = held.map((passage) => passage.text).join("\n");
    const store = await buildIndex(path.join(workDir, `small-index-${i}`), held, null);
    try {
      const ask = (question: SquadQuestion) => answerQuestion({ store, embedder: null, clock: CLOCK, timeZone: "UTC" }, question.question);
      for (const passage of held) {
        for (const question of sample(questionsOf.get(passage.id)!, QUESTIONS_PER_PARAGRAPH, random)) {
          const answer = await ask(question);
          result.answerable += 1;
          if (!answer.answered) continue;
          result.answered += 1;
          if (answer.quotes.some((quote) => containsGoldAnswer(quote.text, question.answers))) result.answeredRight += 1;
        }
      }
      for (const title of chosen) {
        const elsewhere = paragraphsOf
          .get(title)!
          .filter((passage) => !held.includes(passage))
          .flatMap((passage) => questionsOf.get(passage.id)!)
          .filter((question) => !containsGoldAnswer(heldText, question.answers));
        for (const question of sample(elsewhere, 1, random)) {
          result.nearMisses += 1;
          if ((await ask(question)).answered) result.nearMissesAnswered += 1;
        }
      }
    } finally {
      closeStore(store);
    }
  }
  return result;
}
