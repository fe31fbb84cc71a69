import { Client, Events, GatewayIntentBits, type Collection } from "discord.js";
import { listAnswerChannels } from "../store/channel-settings";
import { Cooldown } from "./cooldown";
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

export async function startBot(services: BotServices, commands: Collection<string, SlashCommand>, token: string): Promise<Bot> {
  const client = new Client({
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
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
  services.logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, "connected to Discord");
  return {
    client,
    async stop() {
      accepting = false;
      await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}
