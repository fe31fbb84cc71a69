import type { Config } from "../config/load-config";
import { BOT_PERMISSIONS, inviteUrl } from "../discord/bot-permissions";

export const usage = "invite";

/** Prints the URL that adds the bot to a server; the permissions it asks for are listed on stderr. */
export function runInvite(config: Config): number {
  if (!config.discordClientId) {
    throw new Error("DISCORD_CLIENT_ID is not set; copy the Application ID from the developer portal's General Information page into .env");
  }
  process.stdout.write(`${inviteUrl(config.discordClientId)}\n`);
  process.stderr.write(`permissions: ${BOT_PERMISSIONS.map(([name]) => name).join(", ")}\n`);
  return 0;
}
