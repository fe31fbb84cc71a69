import { readFileSync } from "node:fs";
import { z } from "zod";

/** One paragraph of a SQuAD-format file; `id` is `<article title>#<paragraph index>`. */
export interface SquadPassage {
  id: string;
  title: string;
  text: string;
}

/** A question whose gold passage is the paragraph it was written on. */
export interface SquadQuestion {
  id: string;
  question: string;
  passageId: string;
  /** Distinct answer spans, in file order. */
  answers: string[];
}

export interface SquadPassages {
  passages: SquadPassage[];
  questions: SquadQuestion[];
}

const squadFileSchema = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(
            z.object({
              id: z.string(),
              question: z.string(),
              answers: z.array(z.object({ text: z.string() })),
            }),
          ),
        }),
      ),
    }),
  ),
});

/** Reads a SQuAD-format JSON file (SQuADShifts, XQuAD, SQuAD v1.1) into passages and their questions. */
export function loadSquadPassages(file: string): SquadPassages {
  const parsed = squadFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const passages: SquadPassage[] = [];
  const questions: SquadQuestion[] = [];
  const passageIds = new Set<string>();
  for (const article of parsed.data) {
    article.paragraphs.forEach((paragraph, paragraphIndex) => {
      const passageId = `${article.title}#${paragraphIndex}`;
      if (passageIds.has(passageId)) throw new Error(`${file}: two articles are titled ${JSON.stringify(article.title)}`);
      passageIds.add(passageId);
      passages.push({ id: passageId, title: article.title, text: paragraph.context });
      for (const qa of paragraph.qas) {
        const answers = [...new Set(qa.answers.map((answer) => answer.text))];
        questions.push({ id: qa.id, question: qa.question, passageId, answers });
      }
    });
  }
  return { passages, questions };
}

/**
 * Adds `distractors`' passages to `pool` under ids prefixed with `idPrefix`, keeping only `pool`'s questions:
 * a bigger haystack with the same gold answers.
 */
export function mixInDistractors(pool: SquadPassages, distractors: SquadPassages, idPrefix: string): SquadPassages {
  const poolIds = new Set(pool.passages.map((passage) => passage.id));
  const added = distractors.passages.map((passage) => ({ ...passage, id: `${idPrefix}${passage.id}` }));
  const clash = added.find((passage) => poolIds.has(passage.id));
  if (clash) throw new Error(`distractor id ${JSON.stringify(clash.id)} is already in the pool: choose another prefix`);
  return { passages: [...pool.passages, ...added], questions: pool.questions };
}

function normalised(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/** A SQuAD answer is found when `text` contains one of its gold strings, case and spacing ignored. */
export function containsGoldAnswer(text: string, answers: readonly string[]): boolean {
  const haystack = normalised(text);
  return answers.some((answer) => normalised(answer) !== "" && haystack.includes(normalised(answer)));
}
