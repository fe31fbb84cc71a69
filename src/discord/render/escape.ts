import { escapeMarkdown } from "discord.js";

/**
 * Text from articles or users, made inert for Discord: markdown escaped, and mention syntax broken with a
 * zero-width space so it cannot even look like a ping (allowedMentions already stops real pings).
 */
export function escapeForDiscord(text: string): string {
  return escapeMarkdown(text)
    .replace(/@(everyone|here)/gi, "@\u200b$1")
    .replace(/<(@[!&]?|#)(\d+)>/g, "<$1\u200b$2>");
}

/** Masked-link text and urls need their own care: brackets and parentheses would end the link early. */
export function maskedLink(text: string, url: string | null): string {
  const label = escapeForDiscord(text).replace(/[[\]]/g, (c) => `\\${c}`);
  if (!url || !/^https?:\/\//i.test(url)) return label;
  return `[${label}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}
