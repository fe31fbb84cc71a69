/**
 * What a person typed, less what is not part of the question: Discord mentions (`@everyone`, `@here`,
 * `<@id>`, `<@!id>`, `<@&id>`, `<#id>`), custom emoji (`<:name:id>`, `<a:name:id>`), slash-command mentions
 * (`</name:id>`), timestamps (`<t:…>`), links and sums. None of them may become a question word ("everyone").
 */
const NOT_QUESTION_WORDS = [
  /<(?:@[!&]?|#)\d+>/g,
  /<a?:\w+:\d+>/g,
  /<\/[\w -]+:\d+>/g,
  /<t:-?\d+(?::[tTdDfFR])?>/g,
  /@(?:everyone|here)\b/gi,
  /\b(?:https?:\/\/|www\.)\S+/gi,
];

/**
 * Figures joined by signs; a sum when one sign is no slash or dash ("2+2", "5 * 3 = 15"): its figures are no news, and
 * searched one by one they quoted a football score ("ended 2-2") and "£3.5 million". "9/11", "24/7" and "2-2" are
 * written in the news. The sign is looked for in each run found, not ahead of every figure: a look-ahead made a long
 * run of figures take seconds.
 */
const JOINED_FIGURES = /(?<![\p{L}\p{N}.,])\d+(?:[.,]\d+)*(?:\s*[-+*×÷^=/]\s*\d+(?:[.,]\d+)*)+(?![\p{L}\p{N}])/gu;
const SUM_SIGN = /[+*×÷^=]/;

/**
 * Contractions as a chat types them, given back their apostrophe: "whats" and "whos" are then the question and
 * function words they stand for, not words no article uses. Left out are those that are words too ("cant", "wont",
 * "lets", "id", "ill", "well", "shed").
 */
const CHAT_CONTRACTIONS = new Map(
  `whats what's|whos who's|hows how's|wheres where's|whens when's|whys why's|thats that's|theres there's|dont don't|
  doesnt doesn't|didnt didn't|isnt isn't|arent aren't|wasnt wasn't|werent weren't|couldnt couldn't|wouldnt wouldn't|
  shouldnt shouldn't|hasnt hasn't|havent haven't|hadnt hadn't|im i'm|ive i've|youre you're|theyre they're`
    .split("|")
    .map((pair) => pair.trim().split(" ") as [string, string]),
);
const CHAT_CONTRACTION = new RegExp(`\\b(?:${[...CHAT_CONTRACTIONS.keys()].join("|")})\\b`, "gi");

export function cleanQuestion(text: string): string {
  let cleaned = text;
  for (const pattern of NOT_QUESTION_WORDS) cleaned = cleaned.replace(pattern, " ");
  cleaned = cleaned.replace(JOINED_FIGURES, (figures) => (SUM_SIGN.test(figures) ? " " : figures));
  cleaned = cleaned.replace(CHAT_CONTRACTION, (word) => CHAT_CONTRACTIONS.get(word.toLowerCase())!);
  return cleaned.replace(/\s+/g, " ").trim();
}

/** "help", "help me please": asked of the bot, not of the articles (whose sentences holding "help" answer nothing). */
const ASKS_FOR_HELP = /^(?:please\s+)?help(?:\s+me)?(?:\s+please)?[\s?!.]*$/i;

export function asksForHelp(cleaned: string): boolean {
  return ASKS_FOR_HELP.test(cleaned);
}
