import fs from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PermissionFlagsBits } from "discord.js";
import { COMMANDS_DIR } from "../src/discord/load-commands";
import { readChannelSettings } from "../src/store/channel-settings";
import { findAnswerByMessage } from "../src/store/answer-log";
import { startTestBot, type TestBot } from "./support/bot-harness";
import { finalReply, isEphemeral, replyText, slashCommand } from "./support/discord-interactions";

const MANAGER = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
const MEMBER = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
const KREMLIN_QUESTION = "What did the Kremlin say about a ceasefire between Iran and Israel?";
/** Both sample articles hold quotes for it: the Kremlin urging restraint (Reuters) and welcoming a truce (The Moscow Times). */
const RESTRAINT_QUESTION = "What did the Kremlin say about Iran?";

describe("per-channel settings from Discord", () => {
  let harness: TestBot;
  let general: string;

  beforeAll(async () => {
    // QA_CHANNEL_IDS has #news, so the bot reads message content; #general starts as mentions-only, with replies.
    harness = await startTestBot({ qaChannels: ["news"], threads: false });
    general = harness.fake.channelId("general");
  });

  afterAll(async () => {
    await harness?.close();
  });

  beforeEach(() => harness.clock.advance(60_000));

  const channelCommand = (subcommand: string, options: Record<string, string>, permissions = MANAGER) =>
    finalReply(slashCommand(harness.fake, { name: "channel", subcommand, channelId: general, permissions, options }));

  it("refuses members without Manage Server with one private line", async () => {
    const reply = await channelCommand("answers", { state: "on" }, MEMBER);
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toBe("Only members with **Manage Server** can change how I behave in a channel; ask a server admin.");
    expect(readChannelSettings(harness.context.store, general)?.answers).toBeNull();
  });

  it("/channel answers on makes every message here a question; off makes it mentions-only again", async () => {
    const quiet = harness.fake.sendMessage({ content: KREMLIN_QUESTION, channelId: general });
    const on = await channelCommand("answers", { state: "on" });
    expect(on.content).toMatch(/^Done\. <#\d+>: Answers: \*\*every message is a question\*\*/);
    const asked = harness.fake.sendMessage({ content: KREMLIN_QUESTION, channelId: general });
    const reply = await asked.waitForReply();
    expect(reply.body.embeds[0].title).toBe(KREMLIN_QUESTION);
    // The message before the setting was not answered.
    expect(harness.fake.requests.some((request) => request.body?.message_reference?.message_id === quiet.id)).toBe(false);

    await channelCommand("answers", { state: "off" });
    harness.clock.advance(60_000);
    const ignored = harness.fake.sendMessage({ content: KREMLIN_QUESTION, channelId: general });
    const mention = harness.fake.sendMessage({ content: `<@${harness.fake.botUserId}> ${KREMLIN_QUESTION}`, channelId: general });
    await mention.waitForReply();
    expect(harness.fake.requests.some((request) => request.body?.message_reference?.message_id === ignored.id)).toBe(false);
  });

  it("/channel sources restricts answers in the channel to those outlets, and names the outlets it knows when one is unknown", async () => {
    const unknown = await channelCommand("sources", { outlets: "Reuters, Daily Planet" });
    expect(unknown.content).toMatch(/^I have no articles from Daily Planet; name outlets I know, comma-separated \(The Moscow Times, Reuters|^I have no articles from Daily Planet; name outlets I know, comma-separated \(.*Reuters/);

    const done = await channelCommand("sources", { outlets: "reuters" });
    expect(done.content).toContain("Sources: **reuters**");
    const asked = harness.fake.sendMessage({ content: `<@${harness.fake.botUserId}> ${RESTRAINT_QUESTION}`, channelId: general });
    const reply = await asked.waitForReply();
    const sources = reply.body.embeds[0].fields.map((field: { value: string }) => field.value).join("\n");
    expect(sources).toContain("Reuters");
    expect(sources).not.toContain("Moscow Times");

    // Another channel is not restricted.
    const elsewhere = await finalReply(harness.fake.chatInputInteraction({ name: "ask", channelId: harness.fake.channelId("news"), options: { question: RESTRAINT_QUESTION } }));
    expect(replyText(elsewhere)).toContain("Moscow Times");

    // /ask in the channel is restricted too, and says so when asked for another outlet.
    const clash = await finalReply(harness.fake.chatInputInteraction({ name: "ask", channelId: general, options: { question: KREMLIN_QUESTION, source: "Moscow Times" } }));
    expect(isEphemeral(clash)).toBe(true);
    expect(clash.content).toMatch(/^This channel's answers draw only on reuters; ask for one of those/);

    await channelCommand("sources", { outlets: "all" });
    expect(readChannelSettings(harness.context.store, general)?.sources).toBeNull();
  });

  it("/channel threads on answers new questions in a thread started from them; off, with a reply", async () => {
    await channelCommand("threads", { state: "on" });
    const asked = harness.fake.sendMessage({ content: `<@${harness.fake.botUserId}> ${KREMLIN_QUESTION}`, channelId: general });
    const started = await harness.fake.waitForRequest((request) => request.route === "POST /channels/:channelId/messages/:messageId/threads" && request.params.messageId === asked.id);
    expect(started.status).toBe(201);
    expect(started.body.name).toBe(KREMLIN_QUESTION);
    const answer = await harness.fake.waitForRequest((request) => request.route === "POST /channels/:channelId/messages" && request.params.channelId === asked.id);
    expect(answer.body.embeds[0].title).toBe(KREMLIN_QUESTION);
    expect(harness.fake.threadsOf(general).map((thread) => thread.id)).toEqual([asked.id]);

    await channelCommand("threads", { state: "off" });
    harness.clock.advance(60_000);
    const replied = harness.fake.sendMessage({ content: `<@${harness.fake.botUserId}> ${KREMLIN_QUESTION}`, channelId: general });
    await replied.waitForReply();
    expect(harness.fake.threadsOf(general)).toHaveLength(1);
  });

  it("/help names every command but itself", async () => {
    const commands = fs.readdirSync(COMMANDS_DIR).map((file) => file.replace(/\.(ts|js)$/, "")).filter((name) => name !== "help");
    const reply = await finalReply(harness.fake.chatInputInteraction({ name: "help", channelId: general }));
    for (const name of commands) expect(replyText(reply)).toContain(`\`/${name}`);
  });

  it("/ask private answers only the asker, with the vote buttons", async () => {
    const reply = await finalReply(harness.fake.chatInputInteraction({ name: "ask", channelId: general, options: { question: KREMLIN_QUESTION, private: true } }));
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.embeds).toHaveLength(1);
    expect(findAnswerByMessage(harness.context.store, reply.id)).toBeNull();
  });
});
