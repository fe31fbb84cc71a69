import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
  REST,
  Routes,
  type ClientEvents,
  type Interaction,
  type TextChannel,
} from "discord.js";
import { guildIdOnShard, shardOfGuild, startFakeDiscord, type FakeDiscord } from "./support/fake-discord";

/** Resolves with the next emission of a client event; register before triggering it. */
function nextEvent<Event extends keyof ClientEvents>(client: Client, event: Event): Promise<ClientEvents[Event]> {
  return new Promise((resolve) => client.once(event, (...args: ClientEvents[Event]) => resolve(args)));
}

async function nextInteraction(client: Client): Promise<Interaction> {
  const [interaction] = await nextEvent(client, Events.InteractionCreate);
  return interaction;
}

async function loggedInClient(fake: FakeDiscord, intents: GatewayIntentBits[]): Promise<Client> {
  const client = new Client({ intents, rest: { api: fake.api } });
  const ready = nextEvent(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return client;
}

function textChannel(client: Client, channelId: string): TextChannel {
  const channel = client.channels.cache.get(channelId);
  if (channel?.type !== ChannelType.GuildText) throw new Error(`channel ${channelId} is not a cached text channel`);
  return channel;
}

async function apiErrorOf(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error: unknown = await promise.then(
    () => new Error("expected the request to fail"),
    (reason: unknown) => reason,
  );
  if (!(error instanceof DiscordAPIError)) throw error;
  return error;
}

function openSockets(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource.startsWith("TCP")).length;
}

const socketsBeforeAnyFake = openSockets();

describe("fake Discord with the real discord.js client", () => {
  let fake: FakeDiscord;
  let client: Client;

  beforeAll(async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 100 });
    client = await loggedInClient(fake, [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
    ]);
  });

  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  it("logs in over loopback and caches the guild, channels and permissions", async () => {
    expect(fake.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toContain("GET /gateway/bot");

    const identify = fake.gatewayPayloads.find((payload) => payload.op === GatewayOpcodes.Identify);
    expect(identify?.d).toMatchObject({ token: fake.token, intents: expect.any(Number) });

    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.name).toBe("Newsroom");
    expect(guild?.channels.cache.map((channel) => channel.id).sort()).toEqual([...fake.channelIds].sort());
    const me = guild?.members.me;
    if (!me) throw new Error("the bot member is not cached");

    const general = textChannel(client, fake.channelId("general"));
    expect(general.permissionsFor(me).has([PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks])).toBe(true);
    const readOnly = textChannel(client, fake.channelId("read-only"));
    expect(readOnly.permissionsFor(me).has(PermissionFlagsBits.ViewChannel)).toBe(true);
    expect(readOnly.permissionsFor(me).has(PermissionFlagsBits.SendMessages)).toBe(false);
  });

  it("acknowledges heartbeats", async () => {
    // discord.js sets the ping right after logging the acknowledgement.
    const acknowledged = new Promise<void>((resolve) => {
      const onDebug = (message: string) => {
        if (!message.includes("Heartbeat acknowledged")) return;
        client.off(Events.Debug, onDebug);
        resolve();
      };
      client.on(Events.Debug, onDebug);
    });
    await acknowledged;
    expect(fake.gatewayPayloads.some((payload) => payload.op === GatewayOpcodes.Heartbeat)).toBe(true);
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
  });

  it("delivers a chat-input command whose reply hits the callback route", async () => {
    const received = nextInteraction(client);
    const sent = fake.chatInputInteraction({
      name: "ask",
      subcommand: "news",
      options: { question: "What did the council decide?", limit: 3, fresh: true },
      memberPermissions: PermissionFlagsBits.ManageGuild,
    });
    const interaction = await received;

    if (!interaction.isChatInputCommand()) throw new Error("expected a chat-input command");
    expect(interaction.id).toBe(sent.id);
    expect(interaction.commandName).toBe("ask");
    expect(interaction.options.getSubcommand()).toBe("news");
    expect(interaction.options.getString("question", true)).toBe("What did the council decide?");
    expect(interaction.options.getInteger("limit")).toBe(3);
    expect(interaction.options.getBoolean("fresh")).toBe(true);
    expect(interaction.channel?.id).toBe(fake.channelIds[0]);
    expect(interaction.user.id).toBe(fake.humanUserId);
    expect(interaction.inCachedGuild()).toBe(true);
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(interaction.appPermissions.has(PermissionFlagsBits.SendMessages)).toBe(true);

    await interaction.reply({ content: "The council approved the budget." });
    const callback = await sent.waitForCallback();
    expect(callback.status).toBe(204);
    expect(callback.body).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: "The council approved the budget." },
    });
    expect(fake.channelMessages(fake.channelId("general")).at(-1)?.content).toBe("The council approved the budget.");
  });

  it("supports deferReply, editReply and followUp", async () => {
    const received = nextInteraction(client);
    const sent = fake.chatInputInteraction({ name: "ask", options: { question: "Any news?" } });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat-input command");

    await interaction.deferReply();
    const edited = await interaction.editReply({ content: "Here is the answer." });
    const followUp = await interaction.followUp({ content: "Sources: [1]", flags: MessageFlags.Ephemeral });

    expect((await sent.waitForCallback()).body).toMatchObject({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    const edit = await sent.waitForOriginalEdit();
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ content: "Here is the answer." });
    expect(edited.content).toBe("Here is the answer.");
    expect(edited.author.id).toBe(fake.botUserId);
    expect((await sent.waitForFollowUp()).body).toMatchObject({ content: "Sources: [1]" });
    expect(followUp.flags.has(MessageFlags.Ephemeral)).toBe(true);
    expect(sent.requests().map((request) => request.route)).toEqual([
      "POST /interactions/:interactionId/:interactionToken/callback",
      "PATCH /webhooks/:applicationId/:interactionToken/messages/:messageId",
      "POST /webhooks/:applicationId/:interactionToken",
    ]);
    const original = fake.message(edited.id);
    expect(original?.content).toBe("Here is the answer.");
    expect((original?.flags ?? 0) & MessageFlags.Loading).toBe(0);
  });

  it("refuses a second acknowledgement like Discord does", async () => {
    const received = nextInteraction(client);
    fake.chatInputInteraction({ name: "ask", options: { question: "Twice?" } });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat-input command");
    await interaction.reply({ content: "once" });
    // discord.js guards its own state, so go around it the way a second handler with a stale object would.
    const error = await apiErrorOf(
      client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
        body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: "twice" } },
        auth: false,
      }),
    );
    expect(error.code).toBe(40060);
  });

  it("delivers a button click whose update() edits the message", async () => {
    const general = textChannel(client, fake.channelId("general"));
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId("sources:more").setLabel("More sources").setStyle(ButtonStyle.Secondary),
    );
    const posted = await general.send({ content: "Answer with sources", components: [row] });

    const received = nextInteraction(client);
    const sent = fake.buttonInteraction({ customId: "sources:more", messageId: posted.id });
    const interaction = await received;
    if (!interaction.isButton()) throw new Error("expected a button interaction");
    expect(interaction.customId).toBe("sources:more");
    expect(interaction.message.id).toBe(posted.id);

    await interaction.update({ content: "All sources", components: [] });
    expect((await sent.waitForCallback()).body).toMatchObject({
      type: InteractionResponseType.UpdateMessage,
      data: { content: "All sources", components: [] },
    });
    expect(fake.message(posted.id)).toMatchObject({ content: "All sources", components: [] });
  });

  it("delivers autocomplete and records respond()", async () => {
    const received = nextInteraction(client);
    const sent = fake.autocompleteInteraction({ name: "ask", options: { limit: 2 }, focused: { name: "topic", value: "elec" } });
    const interaction = await received;
    if (!interaction.isAutocomplete()) throw new Error("expected an autocomplete interaction");
    expect(interaction.options.getFocused()).toBe("elec");
    expect(interaction.options.getInteger("limit")).toBe(2);

    await interaction.respond([{ name: "Elections", value: "elections" }]);
    expect((await sent.waitForCallback()).body).toEqual({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [{ name: "Elections", value: "elections" }] },
    });
  });

  it("delivers MESSAGE_CREATE and records a reply with its message_reference and allowed_mentions", async () => {
    const received = nextEvent(client, Events.MessageCreate);
    const sent = fake.sendMessage({ content: `<@${fake.botUserId}> what happened today?` });
    const [message] = await received;
    expect(message.id).toBe(sent.id);
    expect(message.content).toBe(`<@${fake.botUserId}> what happened today?`);
    expect(message.mentions.users.has(fake.botUserId)).toBe(true);
    expect(message.channel.id).toBe(fake.channelIds[0]);
    expect(message.author.bot).toBe(false);

    await message.reply({ content: "Today: …", allowedMentions: { parse: [], repliedUser: false } });
    await message.react("👍");
    const reply = await sent.waitForReply();
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      content: "Today: …",
      message_reference: { message_id: sent.id },
      allowed_mentions: { parse: [], replied_user: false },
    });
    const reaction = await fake.waitForRequest("PUT /channels/:channelId/messages/:messageId/reactions/:emoji/@me");
    expect(reaction.params).toMatchObject({ messageId: sent.id, emoji: "👍" });
  });

  it("echoes the bot's own messages back over the gateway, as Discord does", async () => {
    const echoed = nextEvent(client, Events.MessageCreate);
    const posted = await textChannel(client, fake.channelId("news")).send({ content: "Morning digest" });
    const [message] = await echoed;
    expect(message.id).toBe(posted.id);
    expect(message.author.id).toBe(fake.botUserId);
  });

  it("answers like Discord for missing channels, missing permissions and oversized messages", async () => {
    const news = textChannel(client, fake.channelId("news"));
    fake.removeChannel(news.id);
    expect(await apiErrorOf(news.send({ content: "hello?" }))).toMatchObject({ code: 10003, status: 404 });
    expect(await apiErrorOf(client.channels.fetch("1999999999999999999"))).toMatchObject({ code: 10003, status: 404 });

    const readOnly = textChannel(client, fake.channelId("read-only"));
    expect(await apiErrorOf(readOnly.send({ content: "hello?" }))).toMatchObject({ code: 50013, status: 403 });

    const general = textChannel(client, fake.channelId("general"));
    expect(await apiErrorOf(general.send({ content: "x".repeat(2001) }))).toMatchObject({ code: 50035, status: 400 });
  });

  it("logs unknown routes as 404s so surprises are visible", async () => {
    expect(await apiErrorOf(client.rest.get(Routes.guildAuditLog(fake.guildId)))).toMatchObject({ status: 404 });
    const unknown = fake.requests.filter((request) => request.route === null);
    expect(unknown.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /guilds/${fake.guildId}/audit-logs`]);
  });

  it("records guild command registration through @discordjs/rest and uses the ids", async () => {
    const rest = new REST({ api: fake.api }).setToken(fake.token);
    const commands = [
      {
        name: "ask",
        description: "Ask the news desk",
        options: [{ type: 3, name: "question", description: "Your question", required: true }],
      },
    ];
    const registered = (await rest.put(Routes.applicationGuildCommands(fake.applicationId, fake.guildId), {
      body: commands,
    })) as { id: string; name: string }[];
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();

    const request = await fake.waitForRequest("PUT /applications/:applicationId/guilds/:guildId/commands");
    expect(request.body).toEqual(commands);
    expect(registered).toEqual([expect.objectContaining({ name: "ask", id: expect.any(String), guild_id: fake.guildId })]);
    expect(fake.registeredCommands(fake.guildId).map((command) => command.id)).toEqual(registered.map((command) => command.id));

    const received = nextInteraction(client);
    fake.chatInputInteraction({ name: "ask", options: { question: "Registered?" } });
    const interaction = await received;
    expect(interaction.isChatInputCommand() && interaction.commandId).toBe(registered[0]?.id);
  });

  it("lets a dropped client RESUME and replays what it missed", async () => {
    const resumed = nextEvent(client, Events.ShardResume);
    await fake.closeGatewayConnections();
    const missed = nextEvent(client, Events.MessageCreate);
    const sent = fake.sendMessage({ content: "sent while disconnected" });
    await resumed;
    const [message] = await missed;
    expect(message.id).toBe(sent.id);
    expect(fake.gatewayPayloads.some((payload) => payload.op === GatewayOpcodes.Resume)).toBe(true);
  });
});

describe("fake Discord strictness", () => {
  let fake: FakeDiscord;
  let client: Client;
  let fakeNow = Date.now();

  beforeAll(async () => {
    fake = await startFakeDiscord({ now: () => fakeNow });
    // No MessageContent: Discord blanks content unless the bot is mentioned.
    client = await loggedInClient(fake, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
  });

  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  it("blanks message content without the MessageContent intent unless the bot is mentioned", async () => {
    const plain = nextEvent(client, Events.MessageCreate);
    fake.sendMessage({ content: "no mention here" });
    expect((await plain)[0].content).toBe("");

    const mentioned = nextEvent(client, Events.MessageCreate);
    fake.sendMessage({ content: "hey bot", mentionsBot: true });
    expect((await mentioned)[0].content).toBe("hey bot");
  });

  it("expires interactions that are not answered in time", async () => {
    const received = nextInteraction(client);
    fake.chatInputInteraction({ name: "ask", options: { question: "slow?" } });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat-input command");
    fakeNow += 3_001;
    expect(await apiErrorOf(interaction.deferReply())).toMatchObject({ code: 10062, status: 404 });
  });

  it("rejects invalid command definitions with Invalid Form Body", async () => {
    const error = await apiErrorOf(
      client.rest.put(Routes.applicationCommands(fake.applicationId), {
        body: [{ name: "Ask Me", description: "" }],
      }),
    );
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({ errors: { "0": { name: expect.any(Object), description: expect.any(Object) } } });
  });
});

describe("fake Discord with shards", () => {
  const guildIds = [guildIdOnShard(0, 2), guildIdOnShard(1, 2)];
  let fake: FakeDiscord;
  let clients: Client[];

  beforeAll(async () => {
    fake = await startFakeDiscord({
      recommendedShards: 2,
      guilds: guildIds.map((id, index) => ({
        id,
        name: `Newsroom ${index}`,
        channels: [{ id: `10000000000000000${index}1`, name: "general" }],
        members: [{ id: "1000000000000000101", username: "reader" }],
      })),
    });
    clients = [];
    for (const shard of [0, 1]) {
      const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.api }, shards: shard, shardCount: 2 });
      const ready = nextEvent(client, Events.ClientReady);
      await client.login(fake.token);
      await ready;
      clients.push(client);
    }
  });

  afterAll(async () => {
    for (const client of clients) await client.destroy();
    await fake.close();
  });

  it("recommends its shard count and gives each shard the guilds Discord's rule assigns it", async () => {
    const gateway = (await clients[0]!.rest.get(Routes.gatewayBot())) as { shards: number };
    expect(gateway.shards).toBe(2);
    const identified = fake.gatewayPayloads.filter((payload) => payload.op === GatewayOpcodes.Identify).map((payload) => (payload.d as { shard: unknown }).shard);
    expect(identified).toEqual([[0, 2], [1, 2]]);
    expect(guildIds.map((id) => shardOfGuild(id, 2))).toEqual([0, 1]);
    expect(clients.map((client) => [...client.guilds.cache.keys()])).toEqual([[guildIds[0]], [guildIds[1]]]);
  });

  it("delivers a guild's interaction to its shard only", async () => {
    const seenByFirst = vi.fn();
    clients[0]!.on(Events.InteractionCreate, seenByFirst);
    const received = nextInteraction(clients[1]!);
    fake.chatInputInteraction({ name: "ask", channelId: fake.channelId("general", guildIds[1]), options: { question: "Which shard?" } });
    expect((await received).guildId).toBe(guildIds[1]);
    // One socket delivers in order: had the first shard been sent the question above, it would have it before this one.
    const own = nextInteraction(clients[0]!);
    fake.chatInputInteraction({ name: "ask", channelId: fake.channelId("general", guildIds[0]), options: { question: "And this one?" } });
    expect((await own).guildId).toBe(guildIds[0]);
    clients[0]!.off(Events.InteractionCreate, seenByFirst);
    expect(seenByFirst.mock.calls.map(([interaction]) => (interaction as Interaction).guildId)).toEqual([guildIds[0]]);
  });
});

describe("teardown", () => {
  it("leaves no sockets or servers running after client.destroy() and fake.close()", async () => {
    const fake = await startFakeDiscord();
    const client = await loggedInClient(fake, [GatewayIntentBits.Guilds]);
    expect(openSockets()).toBeGreaterThan(socketsBeforeAnyFake);

    await client.destroy();
    await fake.close();
    expect(openSockets()).toBe(socketsBeforeAnyFake);
  });
});
