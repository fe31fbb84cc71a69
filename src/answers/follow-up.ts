import { STOP_WORDS } from "../retrieval/stop-words";
import { WEEKDAYS } from "../retrieval/time-window";
import type { Answer } from "./types";

/**
 * Words that ask about something without naming it: a follow-up made only of these ("When did that happen?",
 * "What did they say?") is about whatever the previous question was about.
 */
const ASKING_WORDS = new Set([
  "and", "also", "what", "when", "where", "who", "whom", "whose", "why", "how", "which", "did", "does", "do", "done", "say", "said", "says",
  "happen", "happened", "happens", "react", "reacted", "respond", "responded", "think", "thought", "mean", "tell", "told", "about", "more",
  "else", "then", "that", "this", "it", "its", "they", "them", "their", "he", "him", "his", "she", "her", "there", "after", "before",
  "since", "so", "now", "again", "exactly", "really", "anything", "something", "other", "others",
]);

const MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
/**
 * Phrases that set a date window, with the preposition that goes with them ("in December", "last week", "2025-06-24",
 * "on Tuesday": a weekday alone asks for that day's stories).
 */
const DATE_PHRASE = new RegExp(
  String.raw`\b(?:(?:in|on|during|since|before|after|from|until|by)\s+)?(?:` +
    String.raw`yesterday|today|tonight|this\s+(?:morning|week|month|year|weekend)|last\s+(?:night|week|month|year|weekend)|` +
    String.raw`(?:last\s+)?(?:${WEEKDAYS.join("|")})|` +
    String.raw`\d{4}-\d{2}-\d{2}|(?:\d{1,2}\s+)?(?:${MONTHS})\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+(?:19|20)\d{2})?|(?:19|20)\d{2}` +
    String.raw`)\b`,
  "gi",
);

/** What a follow-up took from the previous question. */
export interface CarriedContext {
  /** The previous question's subject words, as written there ("Iran-Israel ceasefire"). */
  subject: string | null;
  /** The previous question's date phrase ("in June"). */
  dates: string | null;
}

export interface FollowUpQuestion {
  /** The question to ask of the articles. */
  question: string;
  /** Null when the follow-up stood on its own. */
  carried: CarriedContext | null;
}

function datePhrases(text: string): string[] {
  return [...text.matchAll(DATE_PHRASE)].map((match) => match[0].trim());
}

/** The words that name what a question is about, as written, with date phrases left out. */
function subjectWords(text: string): string[] {
  const withoutDates = text.replace(DATE_PHRASE, " ");
  return (withoutDates.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) ?? []).filter((word) => {
    const lower = word.toLowerCase();
    return !STOP_WORDS.has(lower) && !ASKING_WORDS.has(lower);
  });
}

/** Lower-case parts of words, hyphenated ones split, for comparing entities. */
function parts(words: readonly string[]): Set<string> {
  return new Set(words.flatMap((word) => word.toLowerCase().split(/[-’'.]/)).filter(Boolean));
}

/** Names (capitalised: Iran, Kremlin, Iran-Israel) apart from topic words (ceasefire, prices). */
function split(words: string[]): { entities: string[]; topic: string[] } {
  const isEntity = (word: string) => /^\p{Lu}/u.test(word);
  return { entities: words.filter(isEntity), topic: words.filter((word) => !isEntity(word)) };
}

/** "And …?", "What about …?", "How about …?": a question that says it continues the previous one. */
const CONTINUES = /^\s*(?:and\b|(?:what|how)\s+about\b)/i;
/** "Who is Dmitry Peskov?", "What was Fordo?": a question asking what a name is needs nothing more. */
const ASKS_WHAT_A_NAME_IS = /^\s*(?:[Ww]ho|[Ww]hat)(?:\s+|['’])(?:is|was|are|were|s)\s+\p{Lu}/u;
/** Words that point back at what was asked before ("What did they say yesterday?"). */
const REFERS_BACK = /\b(?:that|it|its|they|them|their|he|him|his|she|her|this|these|those)\b/i;

/**
 * A follow-up question with what it lacks taken from the previous one. One that names no topic of its own
 * ("When did that happen?", "What did Iran say?", "And in December?") takes the previous topic; the previous
 * names too when it names none, or those related to its own ("Iran-Israel" for "Iran"); and the previous
 * date window when it has none. One with a topic of its own ("What is the price of oil?") stands alone,
 * unless it says it continues ("And the turnout?"): then it takes the names and dates it lacks. One asking what a
 * name is ("Who is Dmitry Peskov?") stands alone too. So does a question that names only a day ("What happened
 * yesterday?"), unless it continues or points back ("What did they say yesterday?").
 */
export function carryOver(previous: string, question: string): FollowUpQuestion {
  const before = split(subjectWords(previous));
  const now = split(subjectWords(question));
  const continues = now.topic.length === 0 || CONTINUES.test(question);
  if (!continues) return { question, carried: null };
  if (now.entities.length > 0 && now.topic.length === 0 && ASKS_WHAT_A_NAME_IS.test(question)) return { question, carried: null };
  // "What happened yesterday?" names only a day: it asks for that day's news, not more of the previous topic.
  const asksForADay = now.topic.length === 0 && now.entities.length === 0 && datePhrases(question).length > 0;
  if (asksForADay && !CONTINUES.test(question) && !REFERS_BACK.test(question.replace(DATE_PHRASE, " "))) return { question, carried: null };
  const named = parts(now.entities);
  const entities =
    now.entities.length === 0 ? before.entities : before.entities.filter((entity) => [...parts([entity])].some((part) => named.has(part)));
  const subjectParts = [...entities, ...(now.topic.length === 0 ? before.topic : [])];
  const subject = subjectParts.length > 0 ? subjectParts.join(" ") : null;
  const previousDates = datePhrases(previous);
  const dates = datePhrases(question).length === 0 && previousDates.length > 0 ? previousDates.join(" ") : null;
  if (!subject && !dates) return { question, carried: null };
  const asked = [question.trim(), subject, dates].filter(Boolean).join(" ");
  return { question: asked, carried: { subject, dates } };
}

/** "about: Iran-Israel ceasefire, in June": what was carried, said briefly. */
export function describeCarried(carried: CarriedContext): string {
  return [carried.subject ? `about: ${carried.subject}` : null, carried.dates ? `dates: ${carried.dates}` : null].filter(Boolean).join(", ");
}

/** Whether any quote of `answer` names one of `names` (or a part of one: "Iran" of "Iran-Israel"). */
function quotesName(answer: Answer, names: readonly string[]): boolean {
  const wanted = parts(names);
  return answer.quotes.some((quote) => (quote.text.match(/[\p{L}\p{N}]+/gu) ?? []).some((word) => wanted.has(word.toLowerCase())));
}

/**
 * Answers `question`, a follow-up of `previous` when there is one, with `ask`. When what it carried over finds
 * nothing but the question alone is answered, the asker changed the subject and the question stands alone: after a
 * refused "What does Moscow want everyone to do about Iran?", "What did the Kremlin say?" carried "want everyone"
 * and was refused, though alone it quotes the Kremlin. So too when the carried answer's quotes never name what the
 * follow-up names and the answer alone does: after "Which country did US forces strike?", "What did the Kremlin say?"
 * carried "country forces strike" and quoted the strike and Trump speaking. A refusal with the carried context is
 * kept when both refuse: it says what was searched.
 */
export async function answerFollowUp(
  previous: string | null,
  question: string,
  ask: (asked: string) => Promise<Answer>,
): Promise<{ answer: Answer; followUp: FollowUpQuestion }> {
  const followUp = previous ? carryOver(previous, question) : { question, carried: null };
  const answer = await ask(followUp.question);
  if (!followUp.carried) return { answer, followUp };
  const named = split(subjectWords(question)).entities;
  if (answer.answered && (named.length === 0 || quotesName(answer, named))) return { answer, followUp };
  const alone = await ask(question);
  const aloneWins = alone.answered && (!answer.answered || quotesName(alone, named));
  return aloneWins ? { answer: alone, followUp: { question, carried: null } } : { answer, followUp };
}
