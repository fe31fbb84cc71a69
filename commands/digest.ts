import { ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from "discord.js";
import { isDigestChannel, missingPostingPermissions } from "../src/discord/post-digest";
import { NO_MENTIONS } from "../src/discord/render/answer-message";
import { escapeForDiscord } from "../src/discord/render/escape";
import { replyInTime } from "../src/discord/respond";
import type { BotServices, DigestControls } from "../src/discord/types";

/**
 * Discord sets default member permissions per command, not per subcommand. Manage Server is the default for all
 * of /digest, because `now` posts in public and the others change the server's settings; an admin can open
 * `now` and `preview` to other roles under Server Settings → Integrations. Whatever they allow, the subcommands
 * that change settings check Manage Server again when they run.
 */
const CHANGES_SETTINGS = new Set(["channel", "time", "off"]);

export const data = new SlashCommandBuilder()
  .setName("digest")
  .setDescription("The daily news digest: post it now, preview it, or set it up")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((subcommand) => subcommand.setName("now").setDescription("Post the digest in this channel now"))
  .addSubcommand((subcommand) => subcommand.setName("preview").setDescription("See the next digest as it would be posted (only you)"))
  .addSubcommand((subcommand) =>
    subcommand
      .setName("channel")
      .setDescription("Set the channel the daily digest is posted in (Manage Server)")
      .addChannelOption((option) =>
        option.setName("channel").setDescription("Where to post the digest").setRequired(true).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      ),
  )
  .addSubcommand((subcommand) =>
    subcommand
      .setName("time")
      .setDescription("Set the time of the daily digest (Manage Server)")
      .addStringOption((option) => option.setName("time").setDescription("24-hour time, e.g. 08:00").setRequired(true).setMaxLength(5))
      .addStringOption((option) => option.setName("timezone").setDescription("IANA time zone, e.g. Europe/Berlin (default: the current one)").setMaxLength(64)),
  )
  .addSubcommand((subcommand) => subcommand.setName("off").setDescription("Stop the daily digest in this server (Manage Server)"));

/** "8:05" → "08:05"; null for anything that is not a 24-hour time. */
function parseTime(value: string): string | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  return match ? `${match[1]!.padStart(2, "0")}:${match[2]}` : null;
}

/** The zone's canonical IANA name ("europe/berlin" → "Europe/Berlin"); null when there is no such zone. */
function canonicalTimeZone(value: string): string | null {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

type GuildCommand = ChatInputCommandInteraction<"cached">;

async function privately(interaction: ChatInputCommandInteraction, content: string): Promise<void> {
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

async function postHere(interaction: GuildCommand, digest: DigestControls, services: BotServices): Promise<void> {
  const work = digest.postNow(interaction.guildId, interaction.channelId);
  await replyInTime(
    interaction,
    work,
    (outcome) => ({
      content:
        outcome.status === "failed"
          ? `I couldn't post the digest here: ${outcome.reason}.`
          : outcome.status === "quiet"
            ? "There are no new articles since the last digest, so I posted nothing."
            : "Posted the digest in this channel.",
    }),
    { ephemeral: true, budgetMs: services.replyBudgetMs },
  );
}

async function preview(interaction: GuildCommand, digest: DigestControls, services: BotServices): Promise<void> {
  const work = digest.preview(interaction.guildId);
  await replyInTime(interaction, work, ([first]) => ({ content: `Preview (only you see it). ${digest.describe(interaction.guildId)}`, embeds: first!.embeds }), {
    ephemeral: true,
    budgetMs: services.replyBudgetMs,
  });
  for (const message of (await work).slice(1)) await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

async function setChannel(interaction: GuildCommand, digest: DigestControls): Promise<void> {
  const channel = interaction.options.getChannel("channel", true);
  if (!isDigestChannel(channel)) {
    await privately(interaction, `${channel} is not a text channel; choose a text or announcement channel.`);
    return;
  }
  const missing = await missingPostingPermissions(channel);
  if (missing.length > 0) {
    await privately(interaction, `I can't post in ${channel}: I need ${missing.join(", ")} there. Grant them to my role in that channel, then try again.`);
    return;
  }
  digest.setChannel(interaction.guildId, channel.id);
  await privately(interaction, `Done. ${digest.describe(interaction.guildId)}`);
}

async function setTime(interaction: GuildCommand, digest: DigestControls): Promise<void> {
  const timeText = interaction.options.getString("time", true);
  const time = parseTime(timeText);
  if (time === null) {
    await privately(interaction, `“${escapeForDiscord(timeText)}” is not a time; use 24-hour HH:MM, e.g. 08:00 or 18:30.`);
    return;
  }
  const zoneText = interaction.options.getString("timezone");
  const timeZone = zoneText === null ? undefined : canonicalTimeZone(zoneText);
  if (timeZone === null) {
    await privately(interaction, `“${escapeForDiscord(zoneText!)}” is not a time zone; use an IANA name such as \`Europe/Berlin\`, \`America/New_York\` or \`UTC\`.`);
    return;
  }
  digest.setTime(interaction.guildId, time, timeZone);
  await privately(interaction, `Done. ${digest.describe(interaction.guildId)}`);
}

export async function execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void> {
  // The command is offered in servers only; this also narrows the interaction to one with a cached server.
  if (!interaction.inCachedGuild()) {
    await privately(interaction, "The digest is set up per server: use /digest in a server.");
    return;
  }
  const digest = services.digest;
  if (!digest) {
    await privately(interaction, "The digest is not running yet; try again in a minute.");
    return;
  }
  const subcommand = interaction.options.getSubcommand(true);
  if (CHANGES_SETTINGS.has(subcommand) && !interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    await privately(interaction, "Only members with **Manage Server** can change the digest; ask a server admin.");
    return;
  }
  switch (subcommand) {
    case "now":
      return postHere(interaction, digest, services);
    case "preview":
      return preview(interaction, digest, services);
    case "channel":
      return setChannel(interaction, digest);
    case "time":
      return setTime(interaction, digest);
    case "off":
      digest.disable(interaction.guildId);
      return privately(interaction, `Done. ${digest.describe(interaction.guildId)}`);
    default:
      throw new Error(`unknown /digest subcommand "${subcommand}"`);
  }
}
