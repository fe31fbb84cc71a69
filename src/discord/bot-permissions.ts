import { PermissionFlagsBits } from "discord.js";

/**
 * Every channel permission newsdesk uses, named as the server settings name them: reading questions and history
 * (replies to channel questions), posting answers and digests as embeds, the ⏳ cooldown reaction, and answering in
 * threads (posting in them, and opening one for a conversation).
 */
export const BOT_PERMISSIONS: readonly (readonly [name: string, bit: bigint])[] = [
  ["View Channels", PermissionFlagsBits.ViewChannel],
  ["Send Messages", PermissionFlagsBits.SendMessages],
  ["Send Messages in Threads", PermissionFlagsBits.SendMessagesInThreads],
  ["Create Public Threads", PermissionFlagsBits.CreatePublicThreads],
  ["Embed Links", PermissionFlagsBits.EmbedLinks],
  ["Read Message History", PermissionFlagsBits.ReadMessageHistory],
  ["Add Reactions", PermissionFlagsBits.AddReactions],
];

export const BOT_PERMISSIONS_INTEGER: bigint = BOT_PERMISSIONS.reduce((sum, [, bit]) => sum | bit, 0n);

/** The OAuth2 URL that adds the bot to a server with its slash commands and exactly the permissions above. */
export function inviteUrl(clientId: string): string {
  const query = new URLSearchParams({ client_id: clientId, scope: "bot applications.commands", permissions: String(BOT_PERMISSIONS_INTEGER) });
  return `https://discord.com/oauth2/authorize?${query}`;
}
