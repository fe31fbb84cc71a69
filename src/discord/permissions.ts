import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";
import { NO_MENTIONS } from "./render/answer-message";

/**
 * Commands that change the server check Manage Server when they run, whatever roles an admin opened the
 * command to; a member without it gets one private line.
 */
export async function requireManageServer(interaction: ChatInputCommandInteraction, what: string): Promise<boolean> {
  if (interaction.inGuild() && interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  await interaction.reply({ content: `Only members with **Manage Server** can ${what}; ask a server admin.`, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  return false;
}

export async function replyPrivately(interaction: ChatInputCommandInteraction, content: string): Promise<void> {
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
