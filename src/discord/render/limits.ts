/** Discord's documented message limits; renderers stay inside them by construction. */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  embedTotal: 6000,
  embedsPerMessage: 10,
  autocompleteChoice: 100,
  buttonsPerRow: 5,
} as const;

/** Joins whole lines up to `limit` characters; lines that no longer fit are left out, never cut. */
export function joinWithin(lines: string[], limit: number, separator = "\n"): { text: string; used: number } {
  let text = "";
  let used = 0;
  for (const line of lines) {
    const next = text ? `${text}${separator}${line}` : line;
    if (next.length > limit) break;
    text = next;
    used += 1;
  }
  return { text, used };
}

/** Cuts text at a sentence or word boundary with an ellipsis, for snippets that are not quotes. */
export function trimAtBoundary(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const sentenceEnd = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf("? "), cut.lastIndexOf("! "));
  if (sentenceEnd > limit / 2) return cut.slice(0, sentenceEnd + 1);
  const space = cut.lastIndexOf(" ");
  return `${cut.slice(0, space > limit / 2 ? space : cut.length)}…`;
}
