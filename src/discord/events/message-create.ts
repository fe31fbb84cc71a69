import { Events, PermissionFlagsBits, type Message } from "discord.js";
import { looksLikeQuestion, withoutMention } from "../channel-questions";
import type { Cooldown } from "../cooldown";
import { answerFor, answerPayload } from "../respond";
import type { BotServices } from "../types";

export const name = Events.MessageCreate;

/** Questions asked in channels: a mention of the bot anywhere, or any human message in a Q&A channel. */
export function createMessageHandler(services: BotServices, cooldown: Cooldown) {
  const qaChannels = new Set(services.config.qaChannelIds);
  return async (message: Message): Promise<void> => {
    const botUserId = message.client.user.id;
    if (message.author.bot || message.webhookId || message.author.id === botUserId || message.system) return;
    const mentioned = message.mentions.users.has(botUserId);
    if (!mentioned && !qaChannels.has(message.channelId)) return;
    const question = withoutMention(message.content, botUserId);
    if (!looksLikeQuestion(question)) return;
    if (!cooldown.take(message.author.id)) {
      await message.react("⏳").catch((error: unknown) => services.logger.warn({ err: error }, "could not react with the cooldown notice"));
      return;
    }
    if (message.inGuild()) {
      const permissions = message.channel.permissionsFor(message.client.user);
      const needed = [PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks, PermissionFlagsBits.ReadMessageHistory];
      if (permissions && !permissions.has(needed)) {
        services.logger.warn(
          { channelId: message.channelId, guildId: message.guildId },
          "cannot answer in this channel: give the bot Send Messages, Embed Links and Read Message History there",
        );
        return;
      }
    }
    try {
      if ("sendTyping" in message.channel) await message.channel.sendTyping().catch(() => undefined);
      const answer = await answerFor(services, question);
      await message.reply({ ...answerPayload(services, answer), allowedMentions: { parse: [], repliedUser: false } });
    } catch (error) {
      services.logger.error({ err: error, channelId: message.channelId }, "could not answer a channel question");
      await message
        .reply({ content: "Something went wrong on my side; please try again in a moment.", allowedMentions: { parse: [], repliedUser: false } })
        .catch(() => undefined);
    }
  };
}
