import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  SlashCommandBuilder,
  SlashCommandOptionsOnlyBuilder,
  SlashCommandSubcommandsOnlyBuilder,
} from "discord.js";
import type { Answer } from "../answers";
import type { FeedService } from "../app/feed-service";
import type { Config } from "../config/load-config";
import type { DigestOutcome } from "../digest/schedule-digests";
import type { Embedder } from "../embeddings/types";
import type { Logger } from "../log";
import type { Passage } from "../retrieval";
import type { Store } from "../store";
import type { ResultCache } from "./result-cache";

/** What a command needs from the rest of newsdesk, passed in (no globals), so a test builds it in one line. */
export interface BotServices {
  config: Config;
  store: Store;
  logger: Logger;
  clock: () => Date;
  /** The query embedder (null: keyword-only). */
  embedder(): Promise<Embedder | null>;
  answers: ResultCache<Answer>;
  searches: ResultCache<{ query: string; passages: Passage[] }>;
  /** How long a command may work before it defers its reply; DIRECT_REPLY_BUDGET_MS unless a test forces deferral. */
  replyBudgetMs?: number;
  /** Set by the digest feature when it runs; commands that need it say so when it is absent. */
  digest?: DigestControls;
  /** Feed health for /sources, when feeds run. */
  feedStatus?: () => { url: string; ok: boolean; lastError: string | null; nextPollAt: string | null }[];
  /** The feed list /feeds manages, when feeds run. */
  feeds?: FeedService;
}

/** The digest operations `/digest` drives, implemented by the digest stage. */
export interface DigestControls {
  preview(guildId: string): Promise<DigestMessage[]>;
  /** Posts the digest in `channelId` now; a digest that could not be posted comes back "failed" with the reason. */
  postNow(guildId: string, channelId: string): Promise<DigestOutcome>;
  setChannel(guildId: string, channelId: string): void;
  setTime(guildId: string, time: string, timeZone?: string): void;
  disable(guildId: string): void;
  describe(guildId: string): string;
}

/** A Discord-ready message of a digest. */
export interface DigestMessage {
  content?: string;
  embeds: import("discord.js").EmbedBuilder[];
}

/** One slash command: a file in commands/ exporting these (the discord.js guide's convention). */
export interface SlashCommand {
  data: SlashCommandBuilder | SlashCommandOptionsOnlyBuilder | SlashCommandSubcommandsOnlyBuilder;
  execute(interaction: ChatInputCommandInteraction, services: BotServices): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, services: BotServices): Promise<void>;
  /** Buttons whose custom id starts with `<command name>:`. */
  button?(interaction: ButtonInteraction, services: BotServices): Promise<void>;
}
