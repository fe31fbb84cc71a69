import { escapeMarkdown } from "discord.js";

/**
 * Text from articles or users, made inert for Discord: markdown escaped, and mention syntax broken with a
 * zero-width space so it cannot even look like a ping (allowedMentions already stops real pings).
 */
export function escapeForDiscord(text: string): string {
  // The defaults leave headings, lists and masked links live: article text could post a disguised link.
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
    // Block quotes and subtext at a line start are markdown too, and escapeMarkdown has no option for them.
    .replace(/^(\s*)(>|-#)/gm, "$1\\$2")
    .replace(/@(everyone|here)/gi, "@\u200b$1")
    .replace(/<(@[!&]?|#)(\d+)>/g, "<$1\u200b$2>");
}

/** Characters that could end a masked link's url early or start another link; encodeURIComponent keeps ( ) [ ]. */
const LINK_BREAKERS = /[()[\]<>\s`]/g;

/** Masked-link text and urls need their own care: brackets and parentheses would end the link early. */
export function maskedLink(text: string, url: string | null): string {
  const label = escapeForDiscord(text).replace(/(?<!\\)[[\]]/g, (c) => `\\${c}`);
  if (!url || !/^https?:\/\//i.test(url)) return label;
  const encoded = url.replace(LINK_BREAKERS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return `[${label}](${encoded})`;
}
