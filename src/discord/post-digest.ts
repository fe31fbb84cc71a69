import {
  ChannelType,
  DiscordAPIError,
  EmbedBuilder,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type Client,
  type GuildMember,
  type NewsChannel,
  type TextChannel,
} from "discord.js";
import { renderDigestParts, type DigestMarkup } from "../digest/render-digest-text";
import { nextRunAt, type DigestScheduler, type PostDigest } from "../digest/schedule-digests";
import type { Digest } from "../digest/types";
import { NO_MENTIONS } from "./render/answer-message";
import { escapeForDiscord, maskedLink } from "./render/escape";
import type { DigestControls, DigestMessage } from "./types";

const DIGEST_COLOR = 0x2b6cb0;

/** Article text as inert Discord markdown; titles become masked links, as in answers' source lists. */
export const DISCORD_MARKUP: DigestMarkup = {
  text: escapeForDiscord,
  source: (citation, title, details, url) =>
    title === null ? `[${citation}] ${maskedLink(details, url)}` : `[${citation}] ${maskedLink(title, url)}${details ? ` — ${escapeForDiscord(details)}` : ""}`,
};

/** The digest as Discord messages, one embed each, every one within Discord's limits (renderDigestParts sees to it). */
export function digestMessages(digest: Digest, timeZone: string): DigestMessage[] {
  return renderDigestParts(digest, { timeZone, markup: DISCORD_MARKUP }).map((part) => {
    const embed = new EmbedBuilder().setColor(DIGEST_COLOR);
    if (part.title) embed.setTitle(part.title);
    if (part.fields.length > 0) embed.addFields(part.fields);
    // A closing line alone ("No new articles since …") is the message, so it reads as one; under stories it is a footnote.
    if (part.footer) {
      if (part.fields.length > 0) embed.setFooter({ text: part.footer });
      else embed.setDescription(part.footer);
    }
    return { embeds: [embed] };
  });
}

export type DigestChannel = TextChannel | NewsChannel;

const POSTING_PERMISSIONS = [
  ["View Channel", PermissionFlagsBits.ViewChannel],
  ["Send Messages", PermissionFlagsBits.SendMessages],
  ["Embed Links", PermissionFlagsBits.EmbedLinks],
] as const;

export function isDigestChannel(channel: { type: ChannelType }): channel is DigestChannel {
  return channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement;
}

/** What the bot lacks to post a digest in `channel`, by the names Discord's settings show; empty when it may. */
export async function missingPostingPermissions(channel: DigestChannel): Promise<string[]> {
  const me: GuildMember = channel.guild.members.me ?? (await channel.guild.members.fetchMe());
  const granted = channel.permissionsFor(me);
  return POSTING_PERMISSIONS.filter(([, flag]) => !granted.has(flag)).map(([name]) => name);
}

const CHOOSE_ANOTHER = "or choose another channel with /digest channel";

function lacking(permissions: string[], channel: DigestChannel): Error {
  return new Error(`newsdesk lacks ${permissions.join(", ")} in #${channel.name}; grant them to its role in that channel, ${CHOOSE_ANOTHER}`);
}

/** Discord's refusals as the fix a server admin can make; anything else is not theirs to fix and stays as it is. */
function explain(error: unknown, channelId: string, channel: DigestChannel | null): unknown {
  if (!(error instanceof DiscordAPIError)) return error;
  const name = channel ? `#${channel.name}` : channelId;
  switch (error.code) {
    case RESTJSONErrorCodes.UnknownChannel:
      return new Error(`the digest channel ${name} no longer exists; choose another with /digest channel`);
    case RESTJSONErrorCodes.MissingAccess:
      return new Error(`newsdesk cannot see the digest channel ${name}; give its role View Channel there, ${CHOOSE_ANOTHER}`);
    case RESTJSONErrorCodes.MissingPermissions:
      return new Error(`newsdesk lacks Send Messages or Embed Links in ${name}; grant them to its role in that channel, ${CHOOSE_ANOTHER}`);
    default:
      return error;
  }
}

/**
 * The scheduler's `post`: the digest as embed messages in the channel. A channel that is gone or where the
 * bot may not post throws an Error naming the fix, before anything is sent when the cache already tells. Each
 * message carries a nonce derived from the run's key, enforced, so Discord drops a copy that a restart
 * re-sends shortly after a crash.
 */
export function createDigestPoster(client: Client): PostDigest {
  return async (guildId, channelId, digest, delivery) => {
    const channel = await client.channels.fetch(channelId).catch((error: unknown) => {
      throw explain(error, channelId, null);
    });
    if (!channel || channel.isDMBased() || channel.guildId !== guildId) {
      throw new Error(`the digest channel ${channelId} is not in this server any more; choose another with /digest channel`);
    }
    if (!isDigestChannel(channel)) throw new Error(`#${channel.name} is not a text channel; choose another with /digest channel`);
    const missing = await missingPostingPermissions(channel);
    if (missing.length > 0) throw lacking(missing, channel);
    for (const [index, message] of digestMessages(digest, delivery.window.timeZone).entries()) {
      await channel.send({ ...message, allowedMentions: NO_MENTIONS, nonce: `${delivery.key}-${index}`, enforceNonce: true }).catch((error: unknown) => {
        throw explain(error, channelId, channel);
      });
    }
  };
}

/** `/digest` over the scheduler: settings changes keep whatever the server had besides. */
export function createDigestControls(scheduler: DigestScheduler, clock: () => Date): DigestControls {
  const update = (guildId: string, change: { channelId?: string; time?: string; timeZone?: string; enabled: boolean }) =>
    scheduler.saveSettings({ ...scheduler.settingsFor(guildId), ...change });
  return {
    async preview(guildId) {
      return digestMessages(await scheduler.preview(guildId), scheduler.settingsFor(guildId).timeZone);
    },
    postNow: (guildId, channelId) => scheduler.postNow(guildId, channelId),
    // Choosing a channel or a time is wanting the digest: either turns it back on.
    setChannel: (guildId, channelId) => update(guildId, { channelId, enabled: true }),
    setTime: (guildId, time, timeZone) => update(guildId, { time, ...(timeZone ? { timeZone } : {}), enabled: true }),
    disable: (guildId) => update(guildId, { enabled: false }),
    describe(guildId) {
      const settings = scheduler.settingsFor(guildId);
      if (!settings.enabled) return "The daily digest is off; `/digest channel` or `/digest time` turns it back on.";
      const when = `${settings.time} (${settings.timeZone})`;
      if (settings.channelId === null) return `The daily digest is set for ${when} but has no channel yet; choose one with \`/digest channel\`.`;
      const next = Math.floor(nextRunAt(settings, clock()).getTime() / 1000);
      return `The daily digest posts in <#${settings.channelId}> every day at ${when}; next <t:${next}:F>.`;
    },
  };
}
