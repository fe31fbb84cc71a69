import { Events, type Channel, type Client } from "discord.js";
import { deleteChannelSettings } from "../store/channel-settings";
import { clearAnnouncementChannel } from "../store/feed-list";
import { stopFollows } from "../store/follows";
import type { BotServices } from "./types";

/**
 * When a channel or thread is deleted, what newsdesk did there stops at once: its follows, the feed
 * announcements posted there and its settings, each with a logged warning. (Posting there later would find
 * it gone too; this makes it so without waiting for the next post.) Other channels and servers are untouched.
 */
export function forgetDeletedChannels(client: Client, services: Pick<BotServices, "store" | "logger">): () => void {
  const forget = (channel: Channel) => {
    const guildId = channel.isDMBased() ? null : channel.guildId;
    const follows = stopFollows(services.store, channel.id);
    const feeds = clearAnnouncementChannel(services.store, channel.id);
    deleteChannelSettings(services.store, channel.id);
    if (follows > 0) services.logger.warn({ channelId: channel.id, guildId, follows }, "the channel of a followed question is gone; its follows are stopped");
    if (feeds.length > 0) services.logger.warn({ channelId: channel.id, guildId, feeds }, "the announcement channel is gone; its feeds are no longer announced (set another with /feeds add)");
  };
  client.on(Events.ChannelDelete, forget);
  client.on(Events.ThreadDelete, forget);
  return () => {
    client.off(Events.ChannelDelete, forget);
    client.off(Events.ThreadDelete, forget);
  };
}
