import type { Client } from "discord.js";

/**
 * Whether this process posts what belongs to a server (its digest, followed questions, feed announcements): the
 * server is in this client's cache. With shards Discord gives each server to exactly one shard, so every shard
 * reads the same tables and each server is still posted for once, by the connection that holds it.
 */
export function ownsGuild(client: Client, guildId: string): boolean {
  return client.guilds.cache.has(guildId);
}

/**
 * The same for a channel whose server may be unknown (a feed given a channel on the command line): then the
 * shard whose cache holds the channel posts there; a single process posts wherever it is told.
 */
export function ownsChannel(client: Client, guildId: string | null, channelId: string): boolean {
  if (guildId !== null) return ownsGuild(client, guildId);
  return client.shard === null || client.channels.cache.has(channelId);
}
