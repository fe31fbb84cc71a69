/**
 * What a person typed, less what is not part of the question: Discord mentions (`@everyone`, `@here`,
 * `<@id>`, `<@!id>`, `<@&id>`, `<#id>`), custom emoji (`<:name:id>`, `<a:name:id>`), slash-command mentions
 * (`</name:id>`), timestamps (`<t:…>`) and links. None of them may become a question word ("everyone").
 */
const NOT_QUESTION_WORDS = [
  /<(?:@[!&]?|#)\d+>/g,
  /<a?:\w+:\d+>/g,
  /<\/[\w -]+:\d+>/g,
  /<t:-?\d+(?::[tTdDfFR])?>/g,
  /@(?:everyone|here)\b/gi,
  /\b(?:https?:\/\/|www\.)\S+/gi,
];

export function cleanQuestion(text: string): string {
  let cleaned = text;
  for (const pattern of NOT_QUESTION_WORDS) cleaned = cleaned.replace(pattern, " ");
  return cleaned.replace(/\s+/g, " ").trim();
}
