import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Collection } from "discord.js";
import type { SlashCommand } from "./types";

export const COMMANDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../commands");

function isSlashCommand(value: unknown): value is SlashCommand {
  const candidate = value as Partial<SlashCommand> | null;
  return Boolean(candidate && typeof candidate === "object" && candidate.data && typeof candidate.execute === "function");
}

/** Discovers every command file in commands/: a new command is one new file, with no edit elsewhere. */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<Collection<string, SlashCommand>> {
  const commands = new Collection<string, SlashCommand>();
  const files = fs.readdirSync(dir).filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith(".d.ts")).sort();
  for (const file of files) {
    const module: unknown = await import(pathToFileURL(path.join(dir, file)).href);
    if (!isSlashCommand(module)) throw new Error(`commands/${file} must export "data" (a SlashCommandBuilder) and "execute"`);
    commands.set(module.data.name, module);
  }
  return commands;
}
