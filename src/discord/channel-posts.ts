import { DiscordAPIError, RESTJSONErrorCodes, type Client, type MessageCreateOptions } from "discord.js";
import { NO_MENTIONS } from "./render/answer-message";

export type ChannelPostOutcome = { status: "sent"; messageId: string } | { status: "gone" } | { status: "failed"; reason: string };

/**
 * Posts in a channel or thread the bot was told about earlier (announcements, followed questions). A channel
 * that no longer exists comes back "gone" so its caller can stop posting there; anything else is "failed"
 * with the reason, to be tried again later.
 */
export async function postInChannel(client: Client, channelId: string, message: Omit<MessageCreateOptions, "allowedMentions">): Promise<ChannelPostOutcome> {
  try {
    const channel = await client.channels.fetch(channelId);
    if (!channel) return { status: "gone" };
    if (!channel.isSendable()) return { status: "failed", reason: `channel ${channelId} does not take messages` };
    const sent = await channel.send({ ...message, allowedMentions: NO_MENTIONS });
    return { status: "sent", messageId: sent.id };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownChannel) return { status: "gone" };
    if (error instanceof DiscordAPIError) return { status: "failed", reason: error.message };
    throw error;
  }
}
