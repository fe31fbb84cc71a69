import { REST, Routes } from "discord.js";
import type { Config } from "../config/load-config";
import { DiscordSetupError, describeDeployError } from "../discord/discord-errors";
import { loadCommands } from "../discord/load-commands";

export const usage = "deploy-commands";

/** Registers the slash commands of commands/: to one guild when DISCORD_GUILD_ID is set (instant), else globally. */
export async function deployCommands(config: Config): Promise<{ count: number; scope: string }> {
  if (!config.discordToken) throw new Error("DISCORD_TOKEN is not set; put the bot token in .env to register commands");
  if (!config.discordClientId) throw new Error("DISCORD_CLIENT_ID is not set; copy the Application ID from the developer portal into .env");
  const commands = await loadCommands();
  const body = commands.map((command) => command.data.toJSON());
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  const route = config.discordGuildId
    ? Routes.applicationGuildCommands(config.discordClientId, config.discordGuildId)
    : Routes.applicationCommands(config.discordClientId);
  try {
    await rest.put(route, { body });
  } catch (error) {
    const reason = describeDeployError(error, config.discordGuildId);
    throw reason ? new DiscordSetupError(reason) : error;
  }
  return { count: body.length, scope: config.discordGuildId ? `guild ${config.discordGuildId}` : "globally (may take up to an hour to appear)" };
}
