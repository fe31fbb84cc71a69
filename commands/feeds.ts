import { ChannelType, EmbedBuilder, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from "discord.js";
import { FeedUrlError } from "../src/app/feed-service";
import { formatPublished } from "../src/answers";
import { isDigestChannel, missingPostingPermissions } from "../src/discord/post-digest";
import { replyPrivately, requireManageServer } from "../src/discord/permissions";
import { escapeForDiscord } from "../src/discord/render/escape";
import { LIMITS, joinWithin, trimAtBoundary } from "../src/discord/render/limits";
import { replyInTime } from "../src/discord/respond";
import type { BotServices } from "../src/discord/types";

export const data = new SlashCommandBuilder()
  .setName("feeds")
  .setDescription("The RSS/Atom feeds newsdesk reads: add, remove, list or test them (Manage Server)")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((subcommand) =>
    subcommand
      .setName("add")
      .setDescription("Read a feed from now on, optionally announcing its new articles in a channel")
      .addStringOption((option) => option.setName("url").setDescription("The feed's address (RSS or Atom)").setRequired(true).setMaxLength(1000))
      .addChannelOption((option) =>
        option.setName("channel").setDescription("Where to announce its new articles").addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      ),
  )
  .addSubcommand((subcommand) =>
    subcommand
      .setName("remove")
      .setDescription("Stop reading a feed (its articles stay)")
      .addStringOption((option) => option.setName("url").setDescription("The feed's address, as /feeds list shows it").setRequired(true).setMaxLength(1000)),
  )
  .addSubcommand((subcommand) => subcommand.setName("list").setDescription("The feeds: title, state, last success, last error, articles"))
  .addSubcommand((subcommand) =>
    subcommand
      .setName("test")
      .setDescription("Fetch a feed once and show its newest item as it would be stored (nothing is saved)")
      .addStringOption((option) => option.setName("url").setDescription("The feed's address").setRequired(true).setMaxLength(1000)),
  );

function timestamp(iso: string | null): string {
  return iso ? `<t:${Math.floor(Date.parse(iso) / 1000)}:R>` : "never";
}

async function add(interaction: ChatInputCommandInteraction<"cached">, services: BotServices & { feeds: NonNullable<BotServices["feeds"]> }): Promise<void> {
  const channel = interaction.options.getChannel("channel");
  if (channel) {
    if (!isDigestChannel(channel)) return replyPrivately(interaction, `${channel} is not a text channel; choose a text or announcement channel.`);
    const missing = await missingPostingPermissions(channel);
    if (missing.length > 0) return replyPrivately(interaction, `I can't post in ${channel}: I need ${missing.join(", ")} there. Grant them to my role in that channel, then try again.`);
  }
  const { added, url } = services.feeds.add(interaction.options.getString("url", true), { guildId: interaction.guildId, channelId: channel?.id ?? null });
  const where = channel ? ` New articles will be announced in ${channel} from the next poll on.` : "";
  await replyPrivately(interaction, `${added ? "Added" : "Already reading; updated"} <${escapeForDiscord(url)}>. It is polled now and every ${services.config.feedIntervalMinutes} minutes.${where}`);
}

async function list(interaction: ChatInputCommandInteraction, feeds: NonNullable<BotServices["feeds"]>): Promise<void> {
  const listed = feeds.list();
  if (listed.length === 0) return replyPrivately(interaction, "I read no feeds yet; add one with `/feeds add`.");
  const lines = listed.map((feed) => {
    const state = feed.state === "ok" ? "✅" : feed.state === "failing" ? "⚠️" : "🆕";
    const title = feed.title ? `**${escapeForDiscord(feed.title)}** ` : "";
    const details = [`${feed.articles} articles`, `last success ${timestamp(feed.lastSuccessAt)}`, ...(feed.channelId ? [`→ <#${feed.channelId}>`] : [])].join(" · ");
    const error = feed.lastError ? `\n  last error: ${escapeForDiscord(trimAtBoundary(feed.lastError, 200))}` : "";
    return `${state} ${title}<${escapeForDiscord(feed.url)}>\n  ${details}${error}`;
  });
  const { text, used } = joinWithin(lines, LIMITS.embedDescription - 40);
  const more = used < lines.length ? `\n…and ${lines.length - used} more (see \`feeds list\` on the command line)` : "";
  const embed = new EmbedBuilder().setTitle(`Feeds (${listed.length})`).setDescription(`${text}${more}`);
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

async function test(interaction: ChatInputCommandInteraction, services: BotServices, feeds: NonNullable<BotServices["feeds"]>): Promise<void> {
  const work = feeds.test(interaction.options.getString("url", true)).then(
    (preview) => ({ preview }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
  await replyInTime(
    interaction,
    work,
    (result) => {
      if ("error" in result) return { content: `I couldn't read that feed: ${escapeForDiscord(result.error)}.` };
      const { preview } = result;
      const heading = `${preview.title ? `**${escapeForDiscord(preview.title)}** — ` : ""}${preview.items} items. Nothing was saved.`;
      if (!preview.newest) return { content: `${heading}\nThe newest item gives no article: ${escapeForDiscord(preview.problem ?? "unknown")}.` };
      const article = preview.newest;
      const embed = new EmbedBuilder()
        .setTitle(trimAtBoundary(escapeForDiscord(article.title), LIMITS.embedTitle))
        .setDescription(trimAtBoundary(escapeForDiscord(article.text), 1500))
        .addFields(
          { name: "Outlet", value: escapeForDiscord(article.source ?? "unknown"), inline: true },
          { name: "Published", value: formatPublished(article.published) ?? "undated", inline: true },
          { name: "Length", value: `${article.text.length} characters`, inline: true },
        );
      if (article.url && /^https?:\/\//i.test(article.url)) embed.setURL(article.url);
      return { content: `${heading} The newest item, as it would be stored:`, embeds: [embed] };
    },
    { ephemeral: true, budgetMs: services.replyBudgetMs },
  );
}

export async function execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void> {
  if (!interaction.inCachedGuild()) return replyPrivately(interaction, "Feeds are managed per server: use /feeds in a server.");
  const subcommand = interaction.options.getSubcommand(true);
  if (!(await requireManageServer(interaction, "manage feeds"))) return;
  const feeds = services.feeds;
  if (!feeds) return replyPrivately(interaction, "Feed polling is not running in this process; manage feeds with `npm run -s cli -- feeds`.");
  try {
    switch (subcommand) {
      case "add":
        return await add(interaction, { ...services, feeds });
      case "remove": {
        const url = interaction.options.getString("url", true);
        const removed = feeds.remove(url);
        return await replyPrivately(interaction, removed ? `Stopped reading <${escapeForDiscord(url.trim())}>; its articles stay.` : `I don't read <${escapeForDiscord(url.trim())}>; see \`/feeds list\`.`);
      }
      case "list":
        return await list(interaction, feeds);
      case "test":
        return await test(interaction, services, feeds);
      default:
        throw new Error(`unknown /feeds subcommand "${subcommand}"`);
    }
  } catch (error) {
    if (error instanceof FeedUrlError) return replyPrivately(interaction, `${escapeForDiscord(error.message)}.`);
    throw error;
  }
}
