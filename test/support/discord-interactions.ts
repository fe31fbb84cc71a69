/** Small helpers for driving slash commands and reading replies on the fake Discord. */
import { ApplicationCommandOptionType, ApplicationCommandType, ChannelType, InteractionResponseType, InteractionType, MessageFlags } from "discord.js";
import type { FakeDiscord, FakeInteraction, FakeMessage } from "./fake-discord";

/** The interaction's reply once it is complete: the direct reply, or the deferral's edit. */
export async function finalReply(interaction: FakeInteraction): Promise<FakeMessage> {
  const callback = await interaction.waitForCallback();
  if (callback.body.type === InteractionResponseType.DeferredChannelMessageWithSource) await interaction.waitForOriginalEdit();
  const reply = interaction.originalMessage();
  if (!reply) throw new Error("the interaction has no reply");
  return reply;
}

export const isEphemeral = (message: FakeMessage) => (message.flags & MessageFlags.Ephemeral) !== 0;

type OptionValue = string | number | boolean | { channel: string; name: string };

/**
 * A slash command with a subcommand, built by hand so channel options come with the `resolved` channel Discord
 * always sends (the fake's chatInputInteraction leaves it out).
 */
export function slashCommand(
  fake: FakeDiscord,
  command: { name: string; subcommand?: string; channelId: string; permissions?: bigint; userId?: string; options?: Record<string, OptionValue> },
): FakeInteraction {
  const channels: Record<string, unknown> = {};
  const leaves = Object.entries(command.options ?? {}).map(([name, value]) => {
    if (typeof value === "object") {
      channels[value.channel] = { id: value.channel, name: value.name, type: ChannelType.GuildText, permissions: String(command.permissions ?? 0n) };
      return { name, type: ApplicationCommandOptionType.Channel, value: value.channel };
    }
    const type =
      typeof value === "string" ? ApplicationCommandOptionType.String : typeof value === "boolean" ? ApplicationCommandOptionType.Boolean : ApplicationCommandOptionType.Integer;
    return { name, type, value };
  });
  const options = command.subcommand ? [{ name: command.subcommand, type: ApplicationCommandOptionType.Subcommand, options: leaves }] : leaves;
  return fake.sendInteraction({
    type: InteractionType.ApplicationCommand,
    channelId: command.channelId,
    ...(command.permissions !== undefined ? { memberPermissions: command.permissions } : {}),
    ...(command.userId ? { userId: command.userId } : {}),
    data: {
      id: `10000000000000009${String(command.name.length).padStart(2, "0")}`,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      options,
      ...(Object.keys(channels).length ? { resolved: { channels } } : {}),
    },
  });
}

/** Text of a reply: its content and its embeds' titles, descriptions and fields. */
export function replyText(message: FakeMessage): string {
  const embeds = (message.embeds as { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }[]).map((embed) =>
    [embed.title, embed.description, ...(embed.fields ?? []).map((field) => `${field.name}: ${field.value}`), embed.footer?.text].filter(Boolean).join("\n"),
  );
  return [message.content, ...embeds].filter(Boolean).join("\n");
}
