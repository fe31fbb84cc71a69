import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createAppContext, type AppContext } from "../src/app/app-context";
import { deployCommands } from "../src/cli/deploy-commands";
import { loadConfig } from "../src/config/load-config";
import { DiscordSetupError } from "../src/discord/discord-errors";
import { loadCommands } from "../src/discord/load-commands";
import { createBotServices } from "../src/discord/run-bot";
import { startBot } from "../src/discord/start-bot";
import { LogCapture } from "./support/bot-harness";
import { startFakeDiscord, type FakeDiscord } from "./support/fake-discord";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-discord-errors-"));
const open: { fake?: FakeDiscord; context?: AppContext }[] = [];
afterEach(async () => {
  for (const { fake, context } of open.splice(0)) {
    context?.close();
    await fake?.close();
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fake Discord and an app context configured against it; `env` overrides the defaults. */
async function setUp(fakeOptions: Parameters<typeof startFakeDiscord>[0], env: (fake: FakeDiscord) => Record<string, string>) {
  const fake = await startFakeDiscord(fakeOptions);
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_URL: fake.api,
    INDEX_DIR: fs.mkdtempSync(path.join(dir, "index-")),
    EMBEDDING_MODEL: "none",
    ...env(fake),
  });
  const context = createAppContext(config, { logger: new LogCapture().logger, notice: () => {} });
  open.push({ fake, context });
  return { fake, context };
}

async function loginError(context: AppContext, token: string): Promise<unknown> {
  return startBot(createBotServices(context), await loadCommands(), token).then(
    async (bot) => {
      await bot.stop();
      return null;
    },
    (error: unknown) => error,
  );
}

describe("Discord set-up errors are one line with the fix", () => {
  it("a token Discord refuses (401) names DISCORD_TOKEN and where to get a new one", async () => {
    const { context } = await setUp({}, () => ({}));
    const error = await loginError(context, "MTA.bad.token");
    expect(error).toBeInstanceOf(DiscordSetupError);
    expect((error as Error).message).toMatch(/^DISCORD_TOKEN was refused by Discord \(401 Unauthorized\): copy the token again .*Reset Token.* into \.env$/);
  });

  it("close code 4014 says to enable the Message Content intent or unset QA_CHANNEL_IDS", async () => {
    const { fake, context } = await setUp({ messageContentIntentEnabled: false }, (fake) => ({ QA_CHANNEL_IDS: fake.channelId("general") }));
    const error = await loginError(context, fake.token);
    expect(error).toBeInstanceOf(DiscordSetupError);
    expect((error as Error).message).toMatch(/close code 4014.*Message Content Intent.*or unset QA_CHANNEL_IDS/);
  });

  it("close code 4011 (too many servers for one connection) says to set SHARDS=auto", async () => {
    const guilds = ["1", "2"].map((n) => ({ id: `100000000000000000${n}`, name: `Newsroom ${n}`, channels: [{ id: `10000000000000001${n}`, name: "general" }], members: [{ id: "1000000000000000101", username: "reader" }] }));
    const { fake, context } = await setUp({ guilds, maxGuildsPerShard: 1 }, () => ({}));
    const error = await loginError(context, fake.token);
    expect(error).toBeInstanceOf(DiscordSetupError);
    expect((error as Error).message).toBe("Discord requires this bot to shard (close code 4011: too many servers for one connection): set SHARDS=auto and start again");
  });

  it("without QA_CHANNEL_IDS the intent is not asked for, so the same application logs in", async () => {
    const { fake, context } = await setUp({ messageContentIntentEnabled: false }, () => ({}));
    expect(await loginError(context, fake.token)).toBeNull();
  });

  it("deploy-commands with an application id that is not the token's (403) says which id to copy", async () => {
    const { fake } = await setUp({}, () => ({}));
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: "999999999999999999", DISCORD_API_URL: fake.api, INDEX_DIR: dir });
    await expect(deployCommands(config)).rejects.toThrow(
      /^Discord refused to register the commands \(403 Forbidden\): DISCORD_CLIENT_ID is not the application of DISCORD_TOKEN: copy the Application ID/,
    );
    const inGuild = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: "999999999999999999", DISCORD_GUILD_ID: fake.guildId, DISCORD_API_URL: fake.api, INDEX_DIR: dir });
    await expect(deployCommands(inGuild)).rejects.toThrow(/in server \d+ \(403 Forbidden\): either .* or the bot is not in that server yet .*invite/);
  });

  it("deploy-commands with a refused token (401) names DISCORD_TOKEN", async () => {
    const { fake } = await setUp({}, () => ({}));
    const config = loadConfig({ DISCORD_TOKEN: "MTA.bad.token", DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_URL: fake.api, INDEX_DIR: dir });
    await expect(deployCommands(config)).rejects.toThrow(/^DISCORD_TOKEN was refused by Discord \(401 Unauthorized\)/);
  });
});

describe("configured channels the bot cannot use", () => {
  it("are named at start-up, one line each with the fix, and the bot still runs", async () => {
    const { fake, context } = await setUp({}, (fake) => ({
      QA_CHANNEL_IDS: `${fake.channelId("general")},${fake.channelId("read-only")},123456789012345678`,
      DIGEST_CHANNEL_ID: fake.channelId("news"),
    }));
    const logs = new LogCapture();
    const services = { ...createBotServices(context), logger: logs.logger };
    const bot = await startBot(services, await loadCommands(), fake.token);
    await bot.stop();
    const warnings = logs.entries.filter((entry) => entry.level === 40).map((entry) => entry.msg);
    expect(warnings).toEqual([
      `QA_CHANNEL_IDS: newsdesk lacks Send Messages in #read-only (${fake.channelId("read-only")}): grant them to its role in that channel`,
      "QA_CHANNEL_IDS: channel 123456789012345678 is not in any server newsdesk is in: add the bot with the URL from `npm run -s cli -- invite`, or fix the id",
    ]);
  });
});
