import { wordsOf } from "../retrieval";
import { STOP_WORDS } from "../retrieval/stop-words";

const NOT_QUESTIONS = new Set(["thanks", "thank", "thx", "ty", "ok", "okay", "lol", "nice", "cool", "great", "yes", "no", "yeah", "nope", "hi", "hello", "hey", "bye", "good", "morning", "night"]);

/** Strips the bot's mention (`<@id>` / `<@!id>`) from a message. */
export function withoutMention(content: string, botUserId: string): string {
  return content.replace(new RegExp(`<@!?${botUserId}>`, "g"), " ").trim();
}

/**
 * In a Q&A channel people also chat: a bare "thanks" or a row of emoji gets no reply. A question mark, or at
 * least two words that are neither stop words nor small talk, makes a question.
 */
export function looksLikeQuestion(text: string): boolean {
  const words = wordsOf(text);
  if (words.length === 0) return false;
  const meaningful = words.filter((word) => !STOP_WORDS.has(word) && !NOT_QUESTIONS.has(word));
  if (text.includes("?")) return meaningful.length >= 1;
  return meaningful.length >= 2;
}
