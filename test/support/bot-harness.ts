/**
 * The real bot (startBot + loadCommands + createBotServices over a real store) logged in to the loopback fake
 * Discord, with the clock and the logger in the test's hands.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { createAppContext, type AppContext } from "../../src/app/app-context";
import { createFeedService } from "../../src/app/feed-service";
import { createFeedAnnouncer } from "../../src/discord/announce-feeds";
import { forgetDeletedChannels } from "../../src/discord/deleted-channels";
import { createFollowChecker } from "../../src/discord/followed-questions";
import { updateChannelSettings } from "../../src/store/channel-settings";
import { loadConfig } from "../../src/config/load-config";
import { ingestPaths } from "../../src/ingest/ingest-paths";
import { loadCommands } from "../../src/discord/load-commands";
import { createBotServices } from "../../src/discord/run-bot";
import { startBot, type Bot } from "../../src/discord/start-bot";
import type { BotServices } from "../../src/discord/types";
import type { Logger } from "../../src/log";
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type FakeRequest } from "./fake-discord";

export const PROJECT_ROOT = path.resolve(__dirname, "../..");
export const SAMPLE_ARTICLES = path.join(PROJECT_ROOT, "articles");

const DEFAULT_WAIT_MS = 5_000;

export interface LogEntry {
  level: number;
  msg: string;
  err?: { message: string; stack: string };
  [field: string]: unknown;
}

/** pino's numeric levels. */
export const PINO_LEVEL = { info: 30, warn: 40, error: 50 } as const;

/** A pino logger whose lines the test can read and wait for. */
export class LogCapture {
  readonly entries: LogEntry[] = [];
  readonly logger: Logger;
  readonly #waiters = new Set<{ matches: (entry: LogEntry) => boolean; resolve: (entry: LogEntry) => void }>();

  constructor() {
    this.logger = pino({ level: "debug", base: undefined }, { write: (line: string) => this.#add(JSON.parse(line) as LogEntry) });
  }

  #add(entry: LogEntry): void {
    this.entries.push(entry);
    for (const waiter of this.#waiters) {
      if (!waiter.matches(entry)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(entry);
    }
  }

  /** Resolves with the first entry, logged already or later, that matches. */
  waitFor(matches: (entry: LogEntry) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<LogEntry> {
    const logged = this.entries.find(matches);
    if (logged) return Promise.resolve(logged);
    return new Promise((resolve, reject) => {
      const waiter = {
        matches,
        resolve: (entry: LogEntry) => {
          clearTimeout(timer);
          resolve(entry);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no matching log line within ${timeoutMs} ms; logged:\n${this.entries.map((entry) => `  ${entry.level} ${entry.msg}`).join("\n")}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}

/** A clock that only moves when the test says so. */
export class TestClock {
  #now: number;

  constructor(start: string) {
    this.#now = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.#now);

  advance(milliseconds: number): void {
    this.#now += milliseconds;
  }
}

/** A promise the test settles by hand, e.g. to hold a command's work until its deferral was seen. */
export function createGate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

export interface TestBot {
  fake: FakeDiscord;
  bot: Bot;
  context: AppContext;
  services: BotServices;
  logs: LogCapture;
  clock: TestClock;
  /** Stops the bot (unless the test did), closes the store and the fake, removes the temp folder. */
  close(): Promise<void>;
}

export interface TestBotOptions {
  /** Names of the fake guild's channels to configure as QA_CHANNEL_IDS. */
  qaChannels?: string[];
  /** Article files and folders ingested besides the samples. */
  extraArticles?: string[];
  fake?: FakeDiscordOptions;
  /** false: questions in the first server's channels are answered with replies, not in threads (/channel threads off). */
  threads?: boolean;
  /** Runs the feed service (database feed list, announcements) with this fetch instead of the network. */
  feedFetch?: typeof fetch;
}

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const fake = await startFakeDiscord(options.fake);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-bot-"));
  // An empty model folder: keyword-only, and nothing is ever looked up remotely.
  fs.mkdirSync(path.join(dir, "models"));
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.api,
    INDEX_DIR: path.join(dir, "index"),
    EMBEDDING_MODEL_PATH: path.join(dir, "models"),
    QA_CHANNEL_IDS: (options.qaChannels ?? []).map((name) => fake.channelId(name)).join(","),
  });
  const logs = new LogCapture();
  const clock = new TestClock("2026-01-05T12:00:00Z");
  const context = createAppContext(config, { clock: clock.now, logger: logs.logger, notice: (message) => logs.logger.info(message) });
  await ingestPaths(context.store, { paths: [SAMPLE_ARTICLES, ...(options.extraArticles ?? [])], embedder: null, clock: clock.now });
  if (options.threads === false) {
    for (const channelId of fake.channelIds) updateChannelSettings(context.store, channelId, fake.guildId, { threads: false }, clock.now());
  }
  const feeds = options.feedFetch ? createFeedService(context, { fetch: options.feedFetch }) : undefined;
  const services = createBotServices(context, feeds && { feeds, feedStatus: () => feeds.poller.status() });
  const bot = await startBot(services, await loadCommands(), fake.token);
  forgetDeletedChannels(bot.client, services);
  if (feeds) {
    feeds.afterPoll(createFeedAnnouncer(bot.client, services));
    // As startFreshArticles does: followed questions are checked once a poll stored articles.
    const checkFollows = createFollowChecker(bot.client, services);
    feeds.afterPoll(async (results) => {
      if (results.some((result) => result.added + result.updated > 0)) await checkFollows();
    });
    feeds.start();
  }
  return {
    fake,
    bot,
    context,
    services,
    logs,
    clock,
    async close() {
      await feeds?.stop();
      await bot.stop();
      context.close();
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const MESSAGE_CALLBACK_TYPES = new Set([4, 7]);

/** The message bodies the bot sent: replies, updates, edits, follow-ups and channel posts. */
export function sentMessageBodies(fake: FakeDiscord): { request: FakeRequest; message: Record<string, any> }[] {
  return fake.requests.flatMap((request) => {
    switch (request.route) {
      case "POST /interactions/:interactionId/:interactionToken/callback":
        return MESSAGE_CALLBACK_TYPES.has(request.body?.type) ? [{ request, message: request.body.data ?? {} }] : [];
      case "PATCH /webhooks/:applicationId/:interactionToken/messages/:messageId":
      case "POST /webhooks/:applicationId/:interactionToken":
      case "POST /channels/:channelId/messages":
      case "PATCH /channels/:channelId/messages/:messageId":
        return [{ request, message: request.body ?? {} }];
      default:
        return [];
    }
  });
}
