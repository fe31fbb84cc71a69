import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
} from "discord.js";
import { createAppContext, type AppContext } from "../src/app/app-context";
import { loadConfig } from "../src/config/load-config";
import { respondToLine } from "../src/console/run-console";
import { digestTextOfDay } from "../src/digest/digest-of-day";
import { loadCommands } from "../src/discord/load-commands";
import { escapeForDiscord } from "../src/discord/render/escape";
import { createBotServices, startDigests, type RunningDigests } from "../src/discord/run-bot";
import { startBot } from "../src/discord/start-bot";
import type { BotServices } from "../src/discord/types";
import { ingestPaths } from "../src/ingest/ingest-paths";
import { findScheduledDigestRun, readDigestSettings, type DigestSettings } from "../src/store/digest-state";
import { LogCapture, PINO_LEVEL, PROJECT_ROOT, SAMPLE_ARTICLES, TestClock, sentMessageBodies } from "./support/bot-harness";
import { MENTIONS_STORY, PLAIN_STORIES, STORY_COUNT, writeDigestArticles } from "./support/digest-fixture-articles";
import { DEFAULT_EVERYONE_PERMISSIONS, defaultGuild, startFakeDiscord, type FakeDiscord, type FakeGuild, type FakeInteraction, type FakeMessage } from "./support/fake-discord";

/** 07:00 in Berlin: the day's 08:00 digest is not due yet, so only the test decides when it runs. */
const BEFORE_DIGEST_TIME = "2026-01-05T06:00:00Z";
/** 08:00:30 in Berlin, when the minute tick would find the digest due. */
const DIGEST_TICK = new Date("2026-01-05T07:00:30Z");
const MEMBER = DEFAULT_EVERYONE_PERMISSIONS;
const MANAGER = DEFAULT_EVERYONE_PERMISSIONS | PermissionFlagsBits.ManageGuild;

const OTHER_GUILD: FakeGuild = {
  id: "1000000000000000002",
  name: "Second desk",
  channels: [{ id: "1000000000000000021", name: "morning-news" }],
  members: [{ id: "1000000000000000102", username: "editor" }],
};

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } };

const embedsOf = (messages: FakeMessage[]) => messages.flatMap((message) => message.embeds as Embed[]);
const fieldsOf = (messages: FakeMessage[]) => embedsOf(messages).flatMap((embed) => embed.fields ?? []);

interface DigestBot {
  fake: FakeDiscord;
  context: AppContext;
  services: BotServices;
  digests: RunningDigests;
  logs: LogCapture;
  channel(name: string): string;
  settings(guildId: string): DigestSettings | null;
  close(): Promise<void>;
}

/**
 * The bot as runBot wires it (startBot, then startDigests), over a day of news, logged in to a fake Discord
 * with two servers; DIGEST_CHANNEL_ID is #news of the first.
 */
async function startDigestBot(): Promise<DigestBot> {
  const fake = await startFakeDiscord({ guilds: [defaultGuild(), OTHER_GUILD] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-digest-bot-"));
  fs.mkdirSync(path.join(dir, "models"));
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.api,
    INDEX_DIR: path.join(dir, "index"),
    EMBEDDING_MODEL_PATH: path.join(dir, "models"),
    DIGEST_CHANNEL_ID: fake.channelId("news"),
    DIGEST_TIME: "08:00",
    DIGEST_TZ: "Europe/Berlin",
  });
  const logs = new LogCapture();
  const clock = new TestClock(BEFORE_DIGEST_TIME);
  const context = createAppContext(config, { clock: clock.now, logger: logs.logger, notice: (message) => logs.logger.info(message) });
  await ingestPaths(context.store, { paths: [writeDigestArticles(dir)], embedder: null, clock: clock.now });
  const services = createBotServices(context);
  const bot = await startBot(services, await loadCommands(), fake.token);
  const digests = startDigests(bot.client, services);
  return {
    fake,
    context,
    services,
    digests,
    logs,
    channel: (name) => fake.channelId(name, name === "morning-news" ? OTHER_GUILD.id : fake.guildId),
    settings: (guildId) => readDigestSettings(context.store, guildId),
    async close() {
      await digests.stop();
      await bot.stop();
      context.close();
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Discord accepted every request (the fake is as strict as Discord about limits and permissions). */
function expectNothingRejected(fake: FakeDiscord): void {
  const rejected = fake.requests.filter((request) => request.status >= 400);
  expect(rejected.map((request) => `${request.method} ${request.path} → ${request.status} ${request.code}`)).toEqual([]);
}

/** Every message body the bot sent disables mentions, and no mention syntax from an article survives intact. */
function expectNoPings(fake: FakeDiscord): void {
  const sent = sentMessageBodies(fake);
  expect(sent.length).toBeGreaterThan(0);
  for (const { request, message } of sent) expect(message.allowed_mentions, `${request.method} ${request.path}`).toEqual({ parse: [] });
  expect(JSON.stringify(sent.map(({ message }) => message))).not.toMatch(/@everyone|@here|<@[!&]?\d/);
}

/** The interaction's reply once it is complete: the direct reply, or the deferral's edit. */
async function finalReply(interaction: FakeInteraction): Promise<FakeMessage> {
  const callback = await interaction.waitForCallback();
  if (callback.body.type === InteractionResponseType.DeferredChannelMessageWithSource) await interaction.waitForOriginalEdit();
  const reply = interaction.originalMessage();
  if (!reply) throw new Error("the interaction has no reply");
  return reply;
}

const isEphemeral = (message: FakeMessage) => (message.flags & MessageFlags.Ephemeral) !== 0;

/** `/digest <subcommand>` as a member with `permissions`, in `channelId` (the first server's #general by default). */
function digestCommand(
  harness: DigestBot,
  subcommand: string,
  options: { permissions: bigint; channelId?: string; values?: Record<string, string> },
): FakeInteraction {
  return harness.fake.chatInputInteraction({
    name: "digest",
    subcommand,
    channelId: options.channelId ?? harness.channel("general"),
    memberPermissions: options.permissions,
    options: options.values,
  });
}

/**
 * `/digest channel` picking the channel named `name`, used in #general. Built by hand because a channel option
 * comes with the `resolved` channel, which Discord always sends and the fake's chatInputInteraction does not.
 */
function digestChannelCommand(harness: DigestBot, name: string, permissions: bigint): FakeInteraction {
  const target = harness.channel(name);
  return harness.fake.sendInteraction({
    type: InteractionType.ApplicationCommand,
    channelId: harness.channel("general"),
    memberPermissions: permissions,
    data: {
      id: "1000000000000000900",
      name: "digest",
      type: ApplicationCommandType.ChatInput,
      options: [{ name: "channel", type: ApplicationCommandOptionType.Subcommand, options: [{ name: "channel", type: ApplicationCommandOptionType.Channel, value: target }] }],
      resolved: { channels: { [target]: { id: target, name, type: ChannelType.GuildText, permissions: String(permissions) } } },
    },
  });
}

describe("/digest registration", () => {
  it("is offered in servers only, to Manage Server by default, with its five subcommands", async () => {
    const digest = (await loadCommands()).get("digest")!.data.toJSON();
    expect(digest.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(digest.contexts).toEqual([InteractionContextType.Guild]);
    expect(digest.options!.map((option) => [option.name, option.type])).toEqual([
      ["now", ApplicationCommandOptionType.Subcommand],
      ["preview", ApplicationCommandOptionType.Subcommand],
      ["channel", ApplicationCommandOptionType.Subcommand],
      ["time", ApplicationCommandOptionType.Subcommand],
      ["off", ApplicationCommandOptionType.Subcommand],
    ]);
    expect(digest.options).toMatchObject([
      {},
      {},
      { options: [{ name: "channel", type: ApplicationCommandOptionType.Channel, required: true, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] }] },
      { options: [{ name: "time", required: true }, { name: "timezone" }] },
      {},
    ]);
  });
});

describe("the daily digest on a fake Discord", () => {
  let harness: DigestBot;

  beforeEach(async () => {
    harness = await startDigestBot();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("gives each server its settings on start: DIGEST_CHANNEL_ID only to the server that has it", () => {
    expect(harness.settings(harness.fake.guildId)).toEqual({
      guildId: harness.fake.guildId,
      channelId: harness.channel("news"),
      time: "08:00",
      timeZone: "Europe/Berlin",
      enabled: true,
    });
    expect(harness.settings(OTHER_GUILD.id)).toMatchObject({ channelId: null, time: "08:00", timeZone: "Europe/Berlin" });
  });

  it("posts the scheduled digest once, to the configured channel, within Discord's limits, pinging no one", async () => {
    const { fake } = harness;
    expect(await harness.digests.scheduler.runDue(DIGEST_TICK)).toEqual([{ guildId: fake.guildId, day: "2026-01-05", status: "posted" }]);

    const posted = fake.channelMessages(harness.channel("news"));
    expect(posted.length).toBeGreaterThan(1);
    const [first] = embedsOf(posted);
    expect(first!.title).toMatch(/^News digest — Sun, 4 Jan 2026, 08:00 CET – Mon, 5 Jan 2026, 08:00 CET$/);
    const fields = fieldsOf(posted);
    expect(fields).toHaveLength(10);
    expect(fields[0]!.name).toBe(`1. ${escapeForDiscord(MENTIONS_STORY.title)} — 3 outlets`);
    expect(fields[0]!.value).toContain(`“${escapeForDiscord(MENTIONS_STORY.lead[0])}” [1]`);
    const plain = PLAIN_STORIES[0]!;
    const plainField = fields.find((field) => field.name.includes(plain.title))!;
    expect(plainField.value).toContain(`“${plain.lead[0]}” [1]`);
    expect(plainField.value).toMatch(/^\[2\] \[.+\]\(https:\/\/news\.example\.test\/.+\) — (Northern Ledger|Harbour Courier|Valley Times), 4 Jan 2026$/m);
    expect(embedsOf(posted).at(-1)!.footer!.text).toBe(`and ${STORY_COUNT - 10} more stories — ask about them with /ask`);

    // One embed per message, each with a nonce from the recorded run that Discord enforces: a re-send of the
    // run after a crash carries the same nonces, and Discord drops the copies.
    const run = findScheduledDigestRun(harness.context.store, fake.guildId, "2026-01-05")!;
    const sends = fake.requests.filter((request) => request.route === "POST /channels/:channelId/messages");
    expect(sends.map((request) => [request.body.embeds.length, request.body.nonce, request.body.enforce_nonce])).toEqual(
      posted.map((_, index) => [1, `digest-${run.id}-${index}`, true]),
    );
    expect(run.status).toBe("posted");
    expectNothingRejected(fake);
    expectNoPings(fake);

    expect(await harness.digests.scheduler.runDue(new Date(DIGEST_TICK.getTime() + 60_000))).toEqual([]);
    expect(fake.channelMessages(harness.channel("news"))).toHaveLength(posted.length);
    expect(fake.channelMessages(harness.channel("morning-news"))).toEqual([]);
  });

  it("posts a short note on a quiet day", async () => {
    await harness.digests.scheduler.runDue(DIGEST_TICK);
    const before = harness.fake.channelMessages(harness.channel("news")).length;
    expect(await harness.digests.scheduler.runDue(new Date("2026-01-06T07:00:30Z"))).toEqual([{ guildId: harness.fake.guildId, day: "2026-01-06", status: "posted" }]);
    const quiet = harness.fake.channelMessages(harness.channel("news")).slice(before);
    expect(embedsOf(quiet)).toEqual([
      expect.objectContaining({
        title: "News digest — Mon, 5 Jan 2026, 08:00 CET – Tue, 6 Jan 2026, 08:00 CET",
        description: "No new articles since Mon, 5 Jan 2026, 08:00 CET.",
      }),
    ]);
    expectNothingRejected(harness.fake);
  });

  it("skips a server whose channel was deleted, logs why, keeps its settings, and still serves the other server", async () => {
    const { fake } = harness;
    harness.services.digest!.setChannel(OTHER_GUILD.id, harness.channel("morning-news"));
    const before = harness.settings(fake.guildId);
    fake.removeChannel(harness.channel("news"));

    const outcomes = await harness.digests.scheduler.runDue(DIGEST_TICK);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { guildId: fake.guildId, day: "2026-01-05", status: "failed", reason: expect.stringMatching(/#news no longer exists; choose another with \/digest channel/) },
        { guildId: OTHER_GUILD.id, day: "2026-01-05", status: "posted" },
      ]),
    );
    const skipped = await harness.logs.waitFor((entry) => entry.level === PINO_LEVEL.warn && /digest skipped/.test(entry.msg));
    expect(skipped).toMatchObject({ guildId: fake.guildId, channelId: harness.channel("news"), reason: expect.stringMatching(/no longer exists/) });
    expect(harness.settings(fake.guildId)).toEqual(before);
    expect(fieldsOf(fake.channelMessages(harness.channel("morning-news")))).toHaveLength(10);
  });

  it("skips a channel where it may not post, before sending anything, and says which permission is missing", async () => {
    const { fake } = harness;
    // Set behind the command's back: /digest channel itself refuses such a channel.
    harness.services.digest!.setChannel(fake.guildId, harness.channel("read-only"));

    const [outcome] = await harness.digests.scheduler.runDue(DIGEST_TICK);
    expect(outcome).toEqual({
      guildId: fake.guildId,
      day: "2026-01-05",
      status: "failed",
      reason: "newsdesk lacks Send Messages in #read-only; grant them to its role in that channel, or choose another channel with /digest channel",
    });
    expect(fake.requests.filter((request) => request.route === "POST /channels/:channelId/messages")).toEqual([]);
    expect(harness.settings(fake.guildId)!.channelId).toBe(harness.channel("read-only"));
  });

  it("/digest now posts the digest in the channel it was used in, and says so privately", async () => {
    const { fake } = harness;
    const interaction = digestCommand(harness, "now", { permissions: MANAGER });
    const reply = await finalReply(interaction);
    expect(reply.content).toBe("Posted the digest in this channel.");
    expect(isEphemeral(reply)).toBe(true);
    const posted = fake.channelMessages(harness.channel("general"));
    expect(fieldsOf(posted)).toHaveLength(10);
    expect(embedsOf(posted)[0]!.title).toMatch(/^News digest — Sun, 4 Jan 2026, 07:00 CET – Mon, 5 Jan 2026, 07:00 CET$/);
    expectNothingRejected(fake);
    expectNoPings(fake);
  });

  it("/digest now in a channel it may not post in explains the fix privately", async () => {
    const reply = await finalReply(digestCommand(harness, "now", { permissions: MANAGER, channelId: harness.channel("read-only") }));
    expect(reply.content).toBe(
      "I couldn't post the digest here: newsdesk lacks Send Messages in #read-only; grant them to its role in that channel, or choose another channel with /digest channel.",
    );
    expect(isEphemeral(reply)).toBe(true);
  });

  it("/digest preview shows the next digest only to whoever asked, and posts nothing", async () => {
    const { fake } = harness;
    const interaction = digestCommand(harness, "preview", { permissions: MANAGER });
    const reply = await finalReply(interaction);
    const followUp = await interaction.waitForFollowUp();
    expect(isEphemeral(reply)).toBe(true);
    expect(followUp.body.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(reply.content).toMatch(
      new RegExp(`^Preview \\(only you see it\\)\\. The daily digest posts in <#${harness.channel("news")}> every day at 08:00 \\(Europe/Berlin\\); next <t:${Date.parse("2026-01-05T07:00:00Z") / 1000}:F>\\.$`),
    );
    expect((reply.embeds as Embed[])[0]!.title).toMatch(/^News digest — /);
    expect([...(reply.embeds as Embed[]), ...(followUp.body.embeds as Embed[])].flatMap((embed) => embed.fields ?? [])).toHaveLength(10);
    expect(fake.channelMessages(harness.channel("general"))).toEqual([]);
    expect(fake.channelMessages(harness.channel("news"))).toEqual([]);
    expectNothingRejected(fake);
    expectNoPings(fake);
  });

  it("refuses /digest channel, time and off to a member without Manage Server, and leaves the settings alone", async () => {
    const before = harness.settings(harness.fake.guildId);
    const replies = await Promise.all([
      finalReply(digestChannelCommand(harness, "general", MEMBER)),
      finalReply(digestCommand(harness, "time", { permissions: MEMBER, values: { time: "06:30" } })),
      finalReply(digestCommand(harness, "off", { permissions: MEMBER })),
    ]);
    for (const reply of replies) {
      expect(reply.content).toBe("Only members with **Manage Server** can change the digest; ask a server admin.");
      expect(isEphemeral(reply)).toBe(true);
    }
    expect(harness.settings(harness.fake.guildId)).toEqual(before);
  });

  it("lets a member with Manage Server choose the channel, the time and zone, and turn the digest off", async () => {
    const guildId = harness.fake.guildId;
    const general = harness.channel("general");

    const channelReply = await finalReply(digestChannelCommand(harness, "general", MANAGER));
    expect(channelReply.content).toMatch(new RegExp(`^Done\\. The daily digest posts in <#${general}> every day at 08:00 \\(Europe/Berlin\\); next <t:\\d+:F>\\.$`));
    expect(harness.settings(guildId)).toMatchObject({ channelId: general, time: "08:00", timeZone: "Europe/Berlin", enabled: true });

    const timeReply = await finalReply(digestCommand(harness, "time", { permissions: MANAGER, values: { time: "7:30", timezone: "america/new_york" } }));
    // 07:30 in New York on 5 January is 12:30 UTC, after the test clock's 06:00 UTC.
    expect(timeReply.content).toBe(
      `Done. The daily digest posts in <#${general}> every day at 07:30 (America/New_York); next <t:${Date.parse("2026-01-05T12:30:00Z") / 1000}:F>.`,
    );
    expect(harness.settings(guildId)).toMatchObject({ channelId: general, time: "07:30", timeZone: "America/New_York", enabled: true });

    const offReply = await finalReply(digestCommand(harness, "off", { permissions: MANAGER }));
    expect(offReply.content).toBe("Done. The daily digest is off; `/digest channel` or `/digest time` turns it back on.");
    expect(harness.settings(guildId)).toMatchObject({ channelId: general, time: "07:30", enabled: false });
    expect(await harness.digests.scheduler.runDue(new Date("2026-01-05T12:30:30Z"))).toEqual([]);

    await finalReply(digestCommand(harness, "time", { permissions: MANAGER, values: { time: "13:00" } }));
    expect(harness.settings(guildId)).toMatchObject({ time: "13:00", timeZone: "America/New_York", enabled: true });
    expectNothingRejected(harness.fake);
  });

  it("refuses a channel it may not post in, and a bad time or time zone, with one line each", async () => {
    const before = harness.settings(harness.fake.guildId);
    const readOnly = harness.channel("read-only");
    const replies = await Promise.all([
      finalReply(digestChannelCommand(harness, "read-only", MANAGER)),
      finalReply(digestCommand(harness, "time", { permissions: MANAGER, values: { time: "08:00", timezone: "Mars/Olympus_Mons" } })),
      finalReply(digestCommand(harness, "time", { permissions: MANAGER, values: { time: "25:00" } })),
    ]);
    expect(replies.map((reply) => reply.content)).toEqual([
      `I can't post in <#${readOnly}>: I need Send Messages there. Grant them to my role in that channel, then try again.`,
      "“Mars/Olympus\\_Mons” is not a time zone; use an IANA name such as `Europe/Berlin`, `America/New_York` or `UTC`.",
      "“25:00” is not a time; use 24-hour HH:MM, e.g. 08:00 or 18:30.",
    ]);
    for (const reply of replies) expect(isEphemeral(reply)).toBe(true);
    expect(harness.settings(harness.fake.guildId)).toEqual(before);
  });
});

describe("/digest in the console", () => {
  let dir: string;
  let context: AppContext;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-console-digest-"));
    fs.mkdirSync(path.join(dir, "models"));
    const config = loadConfig({ INDEX_DIR: path.join(dir, "index"), EMBEDDING_MODEL_PATH: path.join(dir, "models"), DIGEST_TZ: "Europe/Berlin" });
    context = createAppContext(config, { clock: () => new Date(BEFORE_DIGEST_TIME), notice: () => {} });
    await ingestPaths(context.store, { paths: [writeDigestArticles(dir)], embedder: null, clock: context.clock });
  });
  afterEach(() => {
    context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows yesterday's digest in DIGEST_TZ as text", async () => {
    const text = await respondToLine(context, "/digest", { digestText: (date) => digestTextOfDay(context, date) });
    expect(text).toMatch(/^News digest — Sunday 4 January 2026\n\n1\. Harbour \*\*festival\*\* invites @everyone to the pier — 3 outlets\n/);
    const plain = PLAIN_STORIES[0]!;
    expect(text).toContain(`. ${plain.title} — 3 outlets\n“${plain.lead[0]}” [1]\n“${plain.lead[1]}” [1]\n[1] `);
    expect(text).toMatch(/\n\nand 2 more stories — ask about them with \/ask$/);
  });

  it("shows the digest of a day given as YYYY-MM-DD, and says how to give one when it is not a date", async () => {
    const options = { digestText: (date?: string) => digestTextOfDay(context, date) };
    expect(await respondToLine(context, "/digest 2026-01-04", options)).toBe(await respondToLine(context, "/digest", options));
    // A quiet day before the newest article: nothing to point to.
    expect(await respondToLine(context, "/digest 2026-01-03", options)).toBe("News digest — Saturday 3 January 2026\n\nNo articles in the index are from that day.");
    // A quiet day after it: the day that has news.
    expect(await respondToLine(context, "/digest 2026-02-01", options)).toMatch(/\n\nNo articles in the index are from that day\.\nThe newest article in the index is from 2026-01-04: \/digest 2026-01-04 shows that day\.$/);
    for (const wrong of ["2026-02-30", "June"]) {
      expect(await respondToLine(context, `/digest ${wrong}`, options)).toBe(`"${wrong}" is not a date; use /digest YYYY-MM-DD, e.g. /digest 2025-06-24, or /digest for yesterday.`);
    }
  });

  it("is what `npm start` answers to /digest without DISCORD_TOKEN", () => {
    const output = execFileSync(path.join(PROJECT_ROOT, "node_modules/.bin/tsx"), [path.join(PROJECT_ROOT, "src/main.ts")], {
      cwd: PROJECT_ROOT,
      input: "/digest\n/digest 2025-12-30\n",
      encoding: "utf8",
      env: {
        ...process.env,
        DISCORD_TOKEN: "",
        INDEX_DIR: path.join(dir, "piped-index"),
        ARTICLES_DIR: SAMPLE_ARTICLES,
        EMBEDDING_MODEL_PATH: path.join(dir, "models"),
        DIGEST_TZ: "UTC",
        LOG_LEVEL: "silent",
      },
    });
    // The sample articles are from 2025: yesterday, whenever the test runs, was a quiet day, so it points to theirs.
    const [yesterday, newestDay] = output.split(/\n\n(?=News digest)/);
    expect(yesterday).toMatch(/^News digest — \w+ \d{1,2} \w+ \d{4}\n\nNo articles in the index are from that day\.\nThe newest article in the index is from 2025-12-30: \/digest 2025-12-30 shows that day\.$/);
    expect(newestDay).toMatch(/^News digest — Tuesday 30 December 2025\n\n1\. Kremlin urges restraint over Iran after Trump warns of possible new strike/);
  });
});
