import { DiscordAPIError, REST, Routes } from "discord.js";
import { ConfigError } from "../config/load-config";

/**
 * Asks Discord who the token belongs to (GET /users/@me) before anything slow: a wrong token is found in a
 * second, not after the whole start-up ingest. Only a refusal stops start-up; an unreachable Discord is
 * left to the gateway's own retries.
 */
export async function checkDiscordToken(apiUrl: string, token: string): Promise<void> {
  // No sweepers: this client makes one request, and its timers must not outlive it.
  const rest = new REST({ api: apiUrl, retries: 1, timeout: 10_000, handlerSweepInterval: 0, hashSweepInterval: 0 }).setToken(token);
  try {
    await rest.get(Routes.user());
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new ConfigError("DISCORD_TOKEN was refused by Discord (401 Unauthorized); copy the token again from the Developer Portal → Bot → Reset Token");
    }
  }
}
