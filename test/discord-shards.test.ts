import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client, Events, GatewayIntentBits, GatewayOpcodes, PermissionFlagsBits } from "discord.js";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppContext, type AppContext } from "../src/app/app-context";
import { createFeedService, type FeedService } from "../src/app/feed-service";
import { loadConfig } from "../src/config/load-config";
import { createFeedAnnouncer } from "../src/discord/announce-feeds";
import { RespawnBackoff } from "../src/discord/respawn-backoff";
import { spawnDelayMs } from "../src/discord/run-shards";
import { closeStore, openStore } from "../src/store";
import { saveDigestSettings } from "../src/store/digest-state";
import { addFollow } from "../src/store/follows";
import { WRITER_LOCK_FILE } from "../src/store/writer-lock";
import { PROJECT_ROOT, SAMPLE_ARTICLES, startTestBot } from "./support/bot-harness";
import { finalReply, replyText, slashCommand } from "./support/discord-interactions";
import { guildIdOnShard, shardOfGuild, startFakeDiscord, type FakeDiscord, type FakeGuild, type FakeRequest } from "./support/fake-discord";

const KREMLIN_QUESTION = "What did the Kremlin say about a ceasefire between Iran and Israel?";
const LIGHTHOUSE_QUESTION = "When will the Skerryvore lighthouse cottages reopen?";
const LIGHTHOUSE_ARTICLE = [
  "Lighthouse cottages to reopen as museum",
  "",
  "The Skerryvore lighthouse cottages will reopen as a museum in the spring, the island trust said on Monday.",
  "",
  "The trust said restoration of the granite buildings had taken four years and cost 2.1 million pounds, most of it raised from local donors.",
  "",
  "Visitors will be able to climb the tower on guided tours twice a day during the summer season, weather permitting, according to the trust.",
  "",
].join("\n");
/** Starting three processes that each load newsdesk under tsx on two shared cores: a bound for failing, not a measure. */
const START_BOUND_MS = 120_000;

describe("spawnDelayMs", () => {
  it("starts shards at once when each has its own identify bucket, else one window per bucket apart", () => {
    expect(spawnDelayMs(2, 1)).toBe(5_500);
    expect(spawnDelayMs(2, 2)).toBe(0);
    expect(spawnDelayMs(16, 16)).toBe(0);
    expect(spawnDelayMs(32, 16)).toBe(344);
  });
});

describe("RespawnBackoff", () => {
  it("waits a second before starting a dead shard again, doubling while it keeps dying, up to five minutes", () => {
    const backoff = new RespawnBackoff();
    const pauses = Array.from({ length: 11 }, () => backoff.pauseAfterDeath(2_000));
    expect(pauses).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000]);
  });

  it("starts over at a second for a shard that ran ten minutes before it died", () => {
    const backoff = new RespawnBackoff();
    for (let i = 0; i < 5; i++) backoff.pauseAfterDeath(2_000);
    expect(backoff.pauseAfterDeath(600_000)).toBe(1_000);
    expect(backoff.pauseAfterDeath(2_000)).toBe(2_000);
  });
});

describe("a single process", () => {
  it("connects as the one shard whatever SHARDS holds in its environment (discord.js's Client would read it)", async () => {
    // `SHARDS=` as .env.example has it: an unset setting, and no JSON for the Client.
    process.env.SHARDS = "";
    try {
      const harness = await startTestBot();
      expect(harness.bot.client.isReady()).toBe(true);
      expect(harness.bot.client.options.shards).toEqual([0]);
      await harness.close();
    } finally {
      delete process.env.SHARDS;
    }
  });
});

/** Two servers, one per shard by Discord's rule, each with #general and #news. */
function shardedGuilds(): FakeGuild[] {
  return [0, 1].map((shard) => ({
    id: guildIdOnShard(shard, 2),
    name: `Newsroom ${shard}`,
    channels: [
      { id: `10000000000000010${shard}1`, name: "general" },
      { id: `10000000000000010${shard}2`, name: "news" },
    ],
    members: [{ id: "1000000000000000101", username: "reader" }],
  }));
}

/** stderr of the running bot, as lines, and a way to wait for one. */
class OutputLines {
  readonly lines: string[] = [];
  #pending = "";
  readonly #waiters = new Set<{ matches: (line: string) => boolean; resolve: (line: string) => void }>();

  constructor(child: ChildProcess) {
    child.stderr!.on("data", (chunk: Buffer) => {
      const parts = (this.#pending + chunk.toString()).split("\n");
      this.#pending = parts.pop()!;
      for (const line of parts) this.#add(line);
    });
  }

  #add(line: string): void {
    this.lines.push(line);
    for (const waiter of this.#waiters) {
      if (!waiter.matches(line)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(line);
    }
  }

  waitFor(matches: (line: string) => boolean, timeoutMs: number): Promise<string> {
    const seen = this.lines.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such line within ${timeoutMs} ms; stderr:\n${this.lines.join("\n")}`)), timeoutMs);
      this.#waiters.add({
        matches,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }
}

/** `npm start` with SHARDS=auto against the fake Discord, as node itself runs it under tsx. */
function startSharded(fake: FakeDiscord, dir: string, env: Record<string, string>): ChildProcess {
  // node itself, not the tsx launcher: the manager is then this child, and its shards stop when it does.
  const tsx = pathToFileURL(path.join(PROJECT_ROOT, "node_modules/tsx/dist/loader.mjs")).href;
  return spawn(process.execPath, ["--import", tsx, path.join(PROJECT_ROOT, "src/main.ts")], {
    // Run from an empty folder so that no developer's .env leaks in.
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: os.tmpdir(),
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.api,
      SHARDS: "auto",
      EMBEDDING_MODEL: "none",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
}

describe("SHARDS=auto: two shard processes beside one writer, against the fake Discord", () => {
  const guilds = shardedGuilds();
  let fake: FakeDiscord;
  let dir: string;
  let indexDir: string;
  let articlesDir: string;
  let bot: ChildProcess;
  let output: OutputLines;
  let feedServer: Server;
  let feedUrl: string;
  let exitCode: number | null;
  const newsChannel = (guildId: string) => fake.channelId("news", guildId);
  const postsIn = (channelId: string): FakeRequest[] =>
    fake.requests.filter((request) => request.route === "POST /channels/:channelId/messages" && request.params.channelId === channelId);
  const digestPosts = (guildId: string): FakeRequest[] => postsIn(newsChannel(guildId));

  beforeAll(async () => {
    // Interactions never expire here: a shard's first answer loads the answer stage, and the cores are shared.
    fake = await startFakeDiscord({ guilds, recommendedShards: 2, maxConcurrency: 2, now: () => 0 });
    // A feed on loopback (FEEDS_ALLOW_PRIVATE=1 below), added from Discord later.
    feedServer = createServer((_, response) => {
      response.setHeader("content-type", "application/rss+xml");
      response.end('<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Wire</title><link>http://127.0.0.1/</link></channel></rss>');
    });
    await new Promise<void>((resolve) => feedServer.listen(0, "127.0.0.1", resolve));
    feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/rss.xml`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-shards-"));
    indexDir = path.join(dir, "index");
    articlesDir = path.join(dir, "articles");
    fs.cpSync(SAMPLE_ARTICLES, articlesDir, { recursive: true });
    // Both servers have a digest due at start (00:00 UTC has always passed today), in the settings every shard reads.
    const store = openStore(indexDir);
    for (const guild of guilds) {
      saveDigestSettings(store, { guildId: guild.id, channelId: fake.channelId("news", guild.id), time: "00:00", timeZone: "UTC", enabled: true }, new Date());
    }
    // A question followed in the second server, whose answer arrives after start.
    addFollow(store, { guildId: guilds[1]!.id, channelId: fake.channelId("general", guilds[1]!.id), question: LIGHTHOUSE_QUESTION, userId: "1000000000000000101" }, new Date());
    closeStore(store);

    bot = startSharded(fake, dir, {
      // A channel of the first server only: the other shard cannot see it and must not call it missing.
      QA_CHANNEL_IDS: fake.channelId("news", guilds[0]!.id),
      INDEX_DIR: indexDir,
      ARTICLES_DIR: articlesDir,
      FEEDS_ALLOW_PRIVATE: "1",
    });
    output = new OutputLines(bot);
    await output.waitFor((line) => line.includes("every shard is connected to Discord"), START_BOUND_MS);
  }, START_BOUND_MS + 10_000);

  afterAll(async () => {
    // After a failure: the shards follow their manager (they stop when its IPC channel closes).
    if (bot && bot.exitCode === null && bot.signalCode === null) bot.kill("SIGKILL");
    await fake?.close();
    await new Promise((resolve) => feedServer?.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("connects one shard per recommended count, each receiving its own server only", () => {
    const identified = fake.gatewayPayloads.filter((payload) => payload.op === GatewayOpcodes.Identify).map((payload) => (payload.d as { shard: number[] }).shard);
    expect(identified.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(guilds.map((guild) => shardOfGuild(guild.id, 2))).toEqual([0, 1]);
    expect(fake.openGatewayConnections).toBe(2);
    // The writer is the manager's process: it ingested the articles before the shards started.
    expect(output.lines.some((line) => line.includes("index ready: 2 added"))).toBe(true);
  });

  it("answers a question in each server, from that server's shard and the shared index", async () => {
    // The fake sends a server's interaction to the shard that holds it only: the reply can come from no other.
    const asks = guilds.map((guild) =>
      fake.chatInputInteraction({ name: "ask", channelId: fake.channelId("general", guild.id), options: { question: KREMLIN_QUESTION } }),
    );
    for (const ask of asks) {
      const reply = await finalReply(ask);
      expect(replyText(reply)).toContain("would welcome a ceasefire between Iran and Israel");
    }
  });

  it("checks a followed question in its server's shard when the writer ingests a new article", async () => {
    const followChannel = fake.channelId("general", guilds[1]!.id);
    fs.writeFileSync(path.join(articlesDir, "lighthouse.txt"), LIGHTHOUSE_ARTICLE);
    const post = await fake.waitForRequest((request) => postsIn(followChannel).includes(request), START_BOUND_MS);
    expect(JSON.stringify(post.body.embeds)).toContain("will reopen as a museum in the spring");
  }, START_BOUND_MS + 10_000);

  it("/feeds add in a shard has the writer poll the feed at once", async () => {
    const add = slashCommand(fake, {
      name: "feeds",
      subcommand: "add",
      channelId: fake.channelId("general", guilds[1]!.id),
      permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel,
      options: { url: feedUrl },
    });
    expect((await finalReply(add)).content).toMatch(/^Added <http:\/\/127\.0\.0\.1:\d+\/rss\.xml>\. It is polled now/);
    // Logged by the writer: shard processes log with their shard number.
    const polled = await output.waitFor((line) => line.includes('"msg":"feed polled"') && line.includes(feedUrl), START_BOUND_MS);
    expect(JSON.parse(polled)).not.toHaveProperty("shard");
  }, START_BOUND_MS + 10_000);

  it("posts each server's due digest once, from its own shard, and stops cleanly", async () => {
    for (const guild of guilds) await fake.waitForRequest((request) => digestPosts(guild.id).includes(request), START_BOUND_MS);
    const exited = new Promise<number | null>((resolve) => bot.once("exit", (code) => resolve(code)));
    bot.kill("SIGTERM");
    exitCode = await exited;
    expect(exitCode).toBe(0);
    await fake.waitForGatewayDisconnect();

    // Everything has stopped: no later post can come.
    const store = openStore(indexDir);
    try {
      for (const guild of guilds) {
        const runs = store.db.prepare("SELECT rowid AS id, status FROM digest_runs WHERE guild_id = ?").all(guild.id) as { id: number; status: string }[];
        expect(runs).toEqual([{ id: expect.any(Number), status: "posted" }]);
        const posts = digestPosts(guild.id);
        expect(posts.length).toBeGreaterThan(0);
        expect(posts.every((post) => post.status === 200)).toBe(true);
        const nonces = posts.map((post) => post.body.nonce as string);
        expect(new Set(nonces).size).toBe(nonces.length);
        expect(nonces.every((nonce) => nonce.startsWith(`digest-${runs[0]!.id}-`))).toBe(true);
      }
    } finally {
      closeStore(store);
    }
    // The follow was posted once, in its own server; nothing else was posted outside the digest channels.
    expect(postsIn(fake.channelId("general", guilds[1]!.id))).toHaveLength(1);
    expect(postsIn(fake.channelId("general", guilds[0]!.id))).toEqual([]);
    expect(fs.existsSync(path.join(indexDir, WRITER_LOCK_FILE))).toBe(false);
    expect(output.lines.filter((line) => line.includes("QA_CHANNEL_IDS"))).toEqual([]);
  }, START_BOUND_MS + 10_000);
});

describe("a shard that Discord refuses when it is started again", () => {
  const guilds = shardedGuilds();
  let fake: FakeDiscord;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds, recommendedShards: 2, maxConcurrency: 2 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-shards-refused-"));
  });

  afterAll(async () => {
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stops the bot with the reason instead of starting it again and again", async () => {
    const bot = startSharded(fake, dir, {
      QA_CHANNEL_IDS: fake.channelId("general", guilds[0]!.id),
      INDEX_DIR: path.join(dir, "index"),
      ARTICLES_DIR: SAMPLE_ARTICLES,
    });
    const output = new OutputLines(bot);
    const exited = new Promise<number | null>((resolve) => bot.once("exit", (code) => resolve(code)));
    let shardPids: number[] = [];
    try {
      await output.waitFor((line) => line.includes("every shard is connected to Discord"), START_BOUND_MS);
      // Someone turns the Message Content intent off in the developer portal; then a shard process dies.
      fake.disableMessageContentIntent();
      shardPids = execFileSync("pgrep", ["-P", String(bot.pid)], { encoding: "utf8" }).trim().split("\n").map(Number);
      expect(shardPids).toHaveLength(2);
      process.kill(shardPids[0]!, "SIGKILL");
      expect(await exited).toBe(1);
    } finally {
      if (bot.exitCode === null && bot.signalCode === null) bot.kill("SIGKILL");
    }
    const identifies = fake.gatewayPayloads.filter((payload) => payload.op === GatewayOpcodes.Identify);
    // The two first shards, and the one started again, refused once.
    expect(identifies).toHaveLength(3);
    expect(output.lines.filter((line) => line.startsWith("newsdesk: "))).toEqual([
      "newsdesk: index ready: 2 added, 0 updated, 0 unchanged",
      expect.stringMatching(/^newsdesk: shard \d: Discord refused the Message Content intent \(close code 4014\)/),
      "newsdesk: a shard was refused (its reason is logged above); fix it and start newsdesk again",
    ]);
    await fake.waitForGatewayDisconnect();
    for (const pid of shardPids) expect(() => process.kill(pid, 0)).toThrow();
  }, START_BOUND_MS + 10_000);
});

describe("feed announcements with shards", () => {
  const guilds = shardedGuilds();
  const FEED = "https://wire.example.com/rss.xml";
  const served = new Map<string, string>();
  const feedFetch: typeof fetch = async (input) => new Response(served.get(String(input)) ?? "", { headers: { "content-type": "application/rss+xml" } });
  const rss = (items: string[]) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Island Wire</title><link>https://wire.example.com/</link>${items.join("")}</channel></rss>`;
  const item = (guid: string, title: string, text: string) =>
    `<item><guid isPermaLink="false">${guid}</guid><title>${title}</title><link>https://wire.example.com/${guid}</link><pubDate>Tue, 06 Jan 2026 09:00:00 GMT</pubDate><description>${text}</description></item>`;
  let fake: FakeDiscord;
  let dir: string;
  let context: AppContext;
  let feeds: FeedService;
  let clients: Client[];
  let now = new Date("2026-01-06T12:00:00Z");

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds, recommendedShards: 2 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-shard-feeds-"));
    context = createAppContext(loadConfig({ INDEX_DIR: dir, EMBEDDING_MODEL: "none" }), { clock: () => now, logger: pino({ level: "silent" }), notice: () => {} });
    feeds = createFeedService(context, { fetch: feedFetch });
    clients = [];
    for (const shard of [0, 1]) {
      const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.api }, shards: shard, shardCount: 2 });
      const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
      await client.login(fake.token);
      await ready;
      clients.push(client);
    }
  });

  afterAll(async () => {
    for (const client of clients) await client.destroy();
    context.close();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("are posted by the shard that holds the feed's server, once", async () => {
    const [elsewhere, owner] = clients.map((client) => createFeedAnnouncer(client, context));
    const news = fake.channelId("news", guilds[1]!.id);
    served.set(FEED, rss([]));
    feeds.add(FEED, { guildId: guilds[1]!.id, channelId: news });
    // The first poll after a feed gets a channel takes what it holds as backlog.
    const first = await feeds.pollDue();
    await owner!(first.feeds);
    served.set(FEED, rss([item("ferry-2", "Third daily ferry to Stromness", "The Orkney ferry operator will add a third daily crossing to Stromness from June, its chief executive said on Tuesday.")]));
    now = new Date(now.getTime() + 16 * 60_000);
    const second = await feeds.pollDue();
    expect(second.feeds.map((result) => [result.ok, result.added])).toEqual([[true, 1]]);

    const requestsBefore = fake.requests.length;
    await elsewhere!(second.feeds);
    expect(fake.requests.length).toBe(requestsBefore);
    await owner!(second.feeds);
    await owner!(second.feeds);
    expect(fake.channelMessages(news).map((message) => (message.embeds[0] as { title: string }).title)).toEqual(["Third daily ferry to Stromness"]);
  });
});
