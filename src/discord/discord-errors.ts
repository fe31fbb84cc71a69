import { DiscordAPIError, GatewayCloseCodes } from "discord.js";

export { DiscordSetupError } from "./discord-setup-error";

const INVALID_TOKEN =
  "DISCORD_TOKEN was refused by Discord (401 Unauthorized): copy the token again from the developer portal (your application → Bot → Reset Token) into .env";

function statusOf(error: unknown): number | null {
  if (error instanceof DiscordAPIError) return error.status;
  if (error && typeof error === "object" && "status" in error && typeof error.status === "number") return error.status;
  return null;
}

function isInvalidToken(error: unknown): boolean {
  return (error instanceof Error && "code" in error && error.code === "TokenInvalid") || statusOf(error) === 401;
}

/** Logging in: a refused token, or a refused intent (@discordjs/ws rejects login with its own words for 4014). */
export function describeLoginError(error: unknown): string | null {
  if (isInvalidToken(error)) return INVALID_TOKEN;
  if (error instanceof Error && error.message === "Used disallowed intents") return describeGatewayClose(GatewayCloseCodes.DisallowedIntents);
  if (error instanceof Error && error.message === "Sharding is required") return describeGatewayClose(GatewayCloseCodes.ShardingRequired);
  return null;
}

/** Why the gateway closed for good, as the fix; null for a code newsdesk has no advice on. */
export function describeGatewayClose(code: number): string | null {
  switch (code) {
    case GatewayCloseCodes.AuthenticationFailed:
      return INVALID_TOKEN;
    case GatewayCloseCodes.DisallowedIntents:
      return (
        "Discord refused the Message Content intent (close code 4014): enable it in the developer portal (your application → Bot → " +
        "Privileged Gateway Intents → Message Content Intent), or unset QA_CHANNEL_IDS (mentions work without it)"
      );
    case GatewayCloseCodes.ShardingRequired:
      return "Discord requires this bot to shard (close code 4011: too many servers for one connection): set SHARDS=auto and start again";
    default:
      return null;
  }
}

/** Registering slash commands: a rejected token, or an application id that is not the token's. */
export function describeDeployError(error: unknown, guildId: string | undefined): string | null {
  if (isInvalidToken(error)) return INVALID_TOKEN;
  if (statusOf(error) !== 403) return null;
  const application =
    "DISCORD_CLIENT_ID is not the application of DISCORD_TOKEN: copy the Application ID from the General Information page of the application whose bot token you use";
  return guildId === undefined
    ? `Discord refused to register the commands (403 Forbidden): ${application}`
    : `Discord refused to register the commands in server ${guildId} (403 Forbidden): either ${application}, or the bot is not in that server yet (add it with the URL from \`npm run -s cli -- invite\`)`;
}
