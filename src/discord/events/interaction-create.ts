import { Events, MessageFlags, type Collection, type Interaction, type RepliableInteraction } from "discord.js";
import type { BotServices, SlashCommand } from "../types";

export const name = Events.InteractionCreate;

const SORRY = "Something went wrong on my side; please try again in a moment.";

/** Turns any failure into one logged stack and one polite ephemeral line, never a second acknowledgement. */
async function apologise(interaction: RepliableInteraction, services: BotServices): Promise<void> {
  try {
    if (interaction.deferred && !interaction.replied) await interaction.editReply({ content: SORRY, embeds: [], components: [] });
    else if (interaction.replied) await interaction.followUp({ content: SORRY, flags: MessageFlags.Ephemeral });
    else await interaction.reply({ content: SORRY, flags: MessageFlags.Ephemeral });
  } catch (error) {
    services.logger.error({ err: error }, "could not tell the user about a failure");
  }
}

export function createInteractionHandler(commands: Collection<string, SlashCommand>, services: BotServices) {
  return async (interaction: Interaction): Promise<void> => {
    const commandName = interaction.isChatInputCommand() || interaction.isAutocomplete() ? interaction.commandName : interaction.isButton() ? interaction.customId.split(":")[0] : undefined;
    const command = commandName ? commands.get(commandName) : undefined;
    if (!command) {
      services.logger.warn({ commandName, type: interaction.type }, "interaction for an unknown command");
      return;
    }
    try {
      if (interaction.isChatInputCommand()) await command.execute(interaction, services);
      else if (interaction.isAutocomplete()) await command.autocomplete?.(interaction, services);
      else if (interaction.isButton()) await command.button?.(interaction, services);
    } catch (error) {
      services.logger.error({ err: error, command: commandName }, "command failed");
      if (interaction.isRepliable()) await apologise(interaction, services);
    }
  };
}
