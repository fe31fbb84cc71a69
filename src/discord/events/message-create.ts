import { ChannelType, Events, PermissionFlagsBits, ThreadAutoArchiveDuration, type Message } from "discord.js";
import { findAnswerByMessage, latestAnswerIn, setAnswerMessage } from "../../store/answer-log";
import { readChannelSettings } from "../../store/channel-settings";
import { answerInDiscord, answerMessage } from "../answering";
import { looksLikeQuestion, withoutMention } from "../channel-questions";
import type { Cooldown } from "../cooldown";
import { trimAtBoundary } from "../render/limits";
import type { BotServices } from "../types";

export const name = Events.MessageCreate;

const NO_PINGS = { parse: [], repliedUser: false };
/** Discord's limit on a thread name. */
const THREAD_NAME_LIMIT = 100;

/**
 * Questions asked in channels: a mention of the bot anywhere, any human message in a Q&A channel (QA_CHANNEL_IDS
 * or /channel answers on), a message in a thread the bot answered in, or a reply to one of its answers. The
 * last two are follow-ups: they carry over what they lack from the answer they follow. A new question in a
 * text channel is answered in a thread started from it (unless /channel threads off); in threads and forum
 * posts, and for replies, the answer goes in place.
 */
export function createMessageHandler(services: BotServices, cooldown: Cooldown) {
  const qaChannels = new Set(services.config.qaChannelIds);
  return async (message: Message): Promise<void> => {
    const botUserId = message.client.user.id;
    if (message.author.bot || message.webhookId || message.author.id === botUserId || message.system) return;
    try {
      await answerMessageIfAsked(message, botUserId);
    } catch (error) {
      services.logger.error({ err: error, channelId: message.channelId }, "could not answer a channel question");
      // Apologise only where a question was certainly meant for the bot.
      if (message.mentions.users.has(botUserId) || qaChannels.has(message.channelId)) {
        await message.reply({ content: "Something went wrong on my side; please try again in a moment.", allowedMentions: NO_PINGS }).catch(() => undefined);
      }
    }
  };

  async function answerMessageIfAsked(message: Message, botUserId: string): Promise<void> {
    const channel = message.channel;
    const inThread = channel.isThread();
    const settingsChannelId = inThread ? (channel.parentId ?? channel.id) : channel.id;
    const settings = readChannelSettings(services.store, settingsChannelId);
    const answersHere = settings?.answers ?? qaChannels.has(settingsChannelId);
    const repliedTo = message.reference?.messageId ? findAnswerByMessage(services.store, message.reference.messageId) : null;
    const previous = repliedTo ?? (inThread ? latestAnswerIn(services.store, channel.id) : null);
    const mentioned = message.mentions.users.has(botUserId);
    if (!mentioned && !answersHere && !previous) return;
    const question = withoutMention(message.content, botUserId);
    // "When did that happen?" is all stop words: a question only as a follow-up.
    if (!looksLikeQuestion(question) && !(previous && question.includes("?"))) return;
    if (!cooldown.take(message.author.id)) {
      await message.react("⏳").catch((error: unknown) => services.logger.warn({ err: error }, "could not react with the cooldown notice"));
      return;
    }
    const permissions = message.inGuild() ? message.channel.permissionsFor(message.client.user) : null;
    if (permissions) {
      const send = inThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
      if (!permissions.has([send, PermissionFlagsBits.EmbedLinks, PermissionFlagsBits.ReadMessageHistory])) {
        services.logger.warn(
          { channelId: message.channelId, guildId: message.guildId },
          inThread
            ? "cannot answer in this thread: give the bot Send Messages in Threads, Embed Links and Read Message History in its channel"
            : "cannot answer in this channel: give the bot Send Messages, Embed Links and Read Message History there",
        );
        return;
      }
    }
    const inNewThread =
      !inThread && !repliedTo && channel.type === ChannelType.GuildText && (settings?.threads ?? true) && Boolean(permissions?.has(PermissionFlagsBits.CreatePublicThreads));
    if ("sendTyping" in channel) await channel.sendTyping().catch(() => undefined);
    const thread = inNewThread
      ? await message.startThread({ name: trimAtBoundary(question.replace(/\s+/g, " "), THREAD_NAME_LIMIT), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay })
      : null;
    const recorded = await answerInDiscord(services, {
      question,
      options: {},
      guildId: message.guildId,
      channelId: thread?.id ?? channel.id,
      settingsChannelId,
      userId: message.author.id,
      previous,
    });
    if (recorded instanceof Error) {
      await message.reply({ content: recorded.message, allowedMentions: NO_PINGS });
      return;
    }
    const payload = { ...answerMessage(services, recorded), allowedMentions: NO_PINGS };
    const sent = thread ? await thread.send(payload) : await message.reply(payload);
    setAnswerMessage(services.store, recorded.id, sent.channelId, sent.id);
    services.logger.debug({ answerId: recorded.id, channelId: sent.channelId, messageId: sent.id, carried: recorded.carried !== null }, "answer posted");
  }
}
