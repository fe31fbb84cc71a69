import { GatewayIntentBits, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from "discord.js";
import { replyPrivately, requireManageServer } from "../src/discord/permissions";
import { escapeForDiscord } from "../src/discord/render/escape";
import { trimAtBoundary } from "../src/discord/render/limits";
import type { BotServices } from "../src/discord/types";
import { readCoverage } from "../src/store";
import { readChannelSettings, updateChannelSettings, type ChannelSettings } from "../src/store/channel-settings";

const MAX_OUTLETS = 10;

const ON_OFF = [
  { name: "on", value: "on" },
  { name: "off", value: "off" },
];

export const data = new SlashCommandBuilder()
  .setName("channel")
  .setDescription("How newsdesk behaves in this channel (Manage Server)")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((subcommand) =>
    subcommand
      .setName("answers")
      .setDescription("on: every message here is a question; off: only mentions")
      .addStringOption((option) => option.setName("state").setDescription("on or off").setRequired(true).addChoices(...ON_OFF)),
  )
  .addSubcommand((subcommand) =>
    subcommand
      .setName("sources")
      .setDescription("The outlets or feeds answers here draw on (comma-separated), or all")
      .addStringOption((option) => option.setName("outlets").setDescription("e.g. Reuters, The Moscow Times — or all").setRequired(true).setMaxLength(500)),
  )
  .addSubcommand((subcommand) =>
    subcommand
      .setName("threads")
      .setDescription("on: questions here are answered in a thread started from them; off: with a reply")
      .addStringOption((option) => option.setName("state").setDescription("on or off").setRequired(true).addChoices(...ON_OFF)),
  )
  .addSubcommand((subcommand) => subcommand.setName("show").setDescription("This channel's settings"));

function describe(settings: ChannelSettings | null, qaChannel: boolean): string {
  const answers = settings?.answers ?? qaChannel;
  return [
    `Answers: **${answers ? "every message is a question" : "mentions only"}**`,
    `Sources: **${settings?.sources ? settings.sources.map(escapeForDiscord).join(", ") : "all outlets"}**`,
    `Threads: **${settings?.threads ?? true ? "answers in a thread (text channels)" : "replies"}**`,
  ].join(" · ");
}

/** Each name must match a stored outlet (case-insensitive, part of the name is enough); the unknown ones otherwise. */
function checkOutlets(services: BotServices, names: string[]): string[] {
  const outlets = readCoverage(services.store).outlets.map((outlet) => outlet.source.toLowerCase());
  return names.filter((name) => !outlets.some((outlet) => outlet.includes(name.toLowerCase())));
}

export async function execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void> {
  if (!interaction.inCachedGuild()) return replyPrivately(interaction, "Channel settings are per server channel: use /channel in a server.");
  // In a thread, the settings are its channel's.
  const channel = interaction.channel;
  const channelId = channel?.isThread() ? (channel.parentId ?? interaction.channelId) : interaction.channelId;
  const subcommand = interaction.options.getSubcommand(true);
  const qaChannel = services.config.qaChannelIds.includes(channelId);
  if (subcommand === "show") return replyPrivately(interaction, `<#${channelId}>: ${describe(readChannelSettings(services.store, channelId), qaChannel)}`);
  if (!(await requireManageServer(interaction, "change how I behave in a channel"))) return;
  const now = services.clock();
  let note = "";
  switch (subcommand) {
    case "answers": {
      const on = interaction.options.getString("state", true) === "on";
      updateChannelSettings(services.store, channelId, interaction.guildId, { answers: on }, now);
      if (on && !interaction.client.options.intents.has(GatewayIntentBits.MessageContent)) {
        note = "\nI can read messages here once restarted: the Message Content intent is requested at start (enable it under Bot in the Developer Portal). Mentions work now.";
      }
      break;
    }
    case "sources": {
      const text = interaction.options.getString("outlets", true).trim();
      if (text.toLowerCase() === "all") {
        updateChannelSettings(services.store, channelId, interaction.guildId, { sources: null }, now);
        break;
      }
      const names = [...new Set(text.split(",").map((name) => name.trim()).filter(Boolean))];
      // Each outlet is asked separately, so their number bounds the work of every answer here.
      if (names.length > MAX_OUTLETS) return replyPrivately(interaction, `Name at most ${MAX_OUTLETS} outlets, comma-separated (or all).`);
      const unknown = checkOutlets(services, names);
      if (names.length === 0 || unknown.length > 0) {
        const known = readCoverage(services.store).outlets.map((outlet) => escapeForDiscord(outlet.source)).join(", ");
        return replyPrivately(interaction, trimAtBoundary(`I have no articles from ${unknown.map(escapeForDiscord).join(", ") || "that"}; name outlets I know, comma-separated (${known || "none yet"}), or all.`, 1900));
      }
      updateChannelSettings(services.store, channelId, interaction.guildId, { sources: names }, now);
      break;
    }
    case "threads":
      updateChannelSettings(services.store, channelId, interaction.guildId, { threads: interaction.options.getString("state", true) === "on" }, now);
      break;
    default:
      throw new Error(`unknown /channel subcommand "${subcommand}"`);
  }
  await replyPrivately(interaction, `Done. <#${channelId}>: ${describe(readChannelSettings(services.store, channelId), qaChannel)}${note}`);
}
