import { Client, Events, GatewayIntentBits, PermissionFlagsBits, type Collection } from "discord.js";
import { listAnswerChannels } from "../store/channel-settings";
import { Cooldown } from "./cooldown";
import { DiscordSetupError, describeGatewayClose, describeLoginError } from "./discord-errors";
import { createInteractionHandler } from "./events/interaction-create";
import { createMessageHandler } from "./events/message-create";
import type { BotServices, SlashCommand } from "./types";

export interface Bot {
  client: Client;
  /** Stops taking work, lets in-flight replies finish, then closes the gateway. */
  stop(): Promise<void>;
}

/**
 * MessageContent is privileged: it is requested only when Q&A channels are configured. Mentions carry their
 * content without it.
 */
export function botIntents(qaChannelIds: string[]): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  if (qaChannelIds.length > 0) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

const ANSWERING_PERMISSIONS = [
  ["View Channels", PermissionFlagsBits.ViewChannel],
  ["Send Messages", PermissionFlagsBits.SendMessages],
  ["Embed Links", PermissionFlagsBits.EmbedLinks],
  ["Read Message History", PermissionFlagsBits.ReadMessageHistory],
] as const;

/**
 * One line per configured channel the bot cannot see or answer in, naming the variable and the fix (a shard: per
 * channel of its own servers).
 */
export function channelAccessWarnings(client: Client, config: Pick<BotServices["config"], "qaChannelIds" | "digestChannelId">): string[] {
  const configured = [
    ...config.qaChannelIds.map((id) => ["QA_CHANNEL_IDS", id] as const),
    ...(config.digestChannelId ? [["DIGEST_CHANNEL_ID", config.digestChannelId] as const] : []),
  ];
  const warnings: string[] = [];
  for (const [variable, id] of configured) {
    const channel = client.channels.cache.get(id);
    if (!channel || !("guild" in channel)) {
      // A shard holds only its own servers: a channel it does not know may well be another shard's.
      if (client.shard !== null) continue;
      warnings.push(`${variable}: channel ${id} is not in any server newsdesk is in: add the bot with the URL from \`npm run -s cli -- invite\`, or fix the id`);
      continue;
    }
    const permissions = client.user ? channel.permissionsFor(client.user) : null;
    const missing = ANSWERING_PERMISSIONS.filter(([, bit]) => !permissions?.has(bit)).map(([name]) => name);
    if (missing.length > 0) warnings.push(`${variable}: newsdesk lacks ${missing.join(", ")} in #${channel.name} (${id}): grant them to its role in that channel`);
  }
  return warnings;
}

/** The shard a client connects as: the one shard of a single process, or one of a sharded bot's. */
export interface ShardOf {
  id: number;
  count: number;
}

export async function startBot(services: BotServices, commands: Collection<string, SlashCommand>, token: string, shard: ShardOf = { id: 0, count: 1 }): Promise<Bot> {
  const client = new Client({
    // Always given: a Client left to find its shard reads SHARDS from the environment, which is newsdesk's setting
    // there (an empty `SHARDS=` from .env.example would not even parse).
    shards: shard.id,
    shardCount: shard.count,
    // Channels turned into Q&A channels with /channel answers on count as well (read at start: intents are fixed per connection).
    intents: botIntents([...services.config.qaChannelIds, ...listAnswerChannels(services.store)]),
    rest: { api: services.config.discordApiUrl },
    // The default for every message, so one a command forgets to restrict still cannot ping anyone.
    allowedMentions: { parse: [], repliedUser: false },
  });
  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  const track = <A extends unknown[]>(handler: (...args: A) => Promise<void>) => (...args: A) => {
    if (!accepting) {
      services.logger.debug("shutting down: an incoming event was not handled");
      return;
    }
    const running = handler(...args).catch((error: unknown) => services.logger.error({ err: error }, "unhandled failure in an event handler"));
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  };

  client.on(Events.InteractionCreate, track(createInteractionHandler(commands, services)));
  client.on(Events.MessageCreate, track(createMessageHandler(services, new Cooldown(services.config.qaCooldownSeconds, services.clock))));
  client.on(Events.Error, (error) => services.logger.error({ err: error }, "Discord client error"));
  // A close Discord will not recover from (a refused token or intent) ends login with the fix, not a silent wait.
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    client.once(Events.ShardDisconnect, ({ code }) => reject(new DiscordSetupError(describeGatewayClose(code) ?? `Discord closed the connection (code ${code})`)));
  });
  // Awaited below unless login fails first; then its later rejection is not news.
  ready.catch(() => {});
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    const reason = describeLoginError(error);
    throw reason ? new DiscordSetupError(reason) : error;
  }
  services.logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "connected to Discord");
  for (const warning of channelAccessWarnings(client, services.config)) services.logger.warn(warning);
  return {
    client,
    async stop() {
      accepting = false;
      await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}
