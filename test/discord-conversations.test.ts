import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChannelType, PermissionFlagsBits } from "discord.js";
import { createAppContext } from "../src/app/app-context";
import { loadConfig } from "../src/config/load-config";
import { respondToLine, type ConsoleConversation } from "../src/console/run-console";
import { ingestPaths } from "../src/ingest/ingest-paths";
import { findAnswerByMessage, latestAnswerIn } from "../src/store/answer-log";
import { listFollows } from "../src/store/follows";
import { PINO_LEVEL, SAMPLE_ARTICLES, sentMessageBodies, startTestBot, type TestBot } from "./support/bot-harness";
import { finalReply, slashCommand } from "./support/discord-interactions";
import { defaultGuild, type FakeRequest } from "./support/fake-discord";

const KREMLIN_QUESTION = "What did the Kremlin say about a ceasefire between Iran and Israel?";
/** Both sample articles answer it: The Moscow Times in June 2025, Reuters in December 2025. */
const IRAN_QUESTION = "What did the Kremlin say about Iran?";
const POST = "POST /channels/:channelId/messages";

describe("threads and follow-ups on Discord", () => {
  let harness: TestBot;
  let general: string;
  let forum: string;

  beforeAll(async () => {
    const guild = defaultGuild();
    guild.channels.push({ id: "1000000000000000014", name: "questions", type: ChannelType.GuildForum });
    harness = await startTestBot({ qaChannels: ["news", "questions"], fake: { guilds: [guild] } });
    general = harness.fake.channelId("general");
    forum = harness.fake.channelId("questions");
  });

  afterAll(async () => {
    await harness?.close();
  });

  beforeEach(() => harness.clock.advance(60_000));

  /** The bot's answer titled `title` posted in `channelId`. */
  const answerPosted = (channelId: string, title: string) =>
    harness.fake.waitForRequest(
      (request: FakeRequest) => request.route === POST && request.params.channelId === channelId && request.status === 200 && request.body?.embeds?.[0]?.title === title,
    );

  it("answers a mention in a thread started from the question, then follow-ups in that thread with the context carried over", async () => {
    const asked = harness.fake.sendMessage({ content: `<@${harness.fake.botUserId}> ${IRAN_QUESTION}`, channelId: general });
    const thread = asked.id;
    const first = await harness.fake.waitForRequest((request) => request.route === POST && request.params.channelId === thread && request.status === 200);
    expect(harness.fake.threadsOf(general)).toEqual([{ id: thread, name: IRAN_QUESTION, ownerId: harness.fake.botUserId }]);
    expect(first.body.embeds[0].title).toBe(IRAN_QUESTION);
    expect(first.body.content).toBeUndefined();

    // No mention: in the bot's thread every message is a follow-up. Alone, "When did that happen?" names nothing to search for.
    harness.clock.advance(60_000);
    harness.fake.sendMessage({ content: "When did that happen?", channelId: thread });
    const followUp = await answerPosted(thread, "When did that happen?");
    expect(followUp.body.content).toBe("-# ↪ about: Kremlin Iran");
    expect(followUp.body.embeds[0].title).toBe("When did that happen?");
    expect(followUp.body.embeds[0].description).toMatch(/^> /);
    await harness.logs.waitFor((entry) => entry.msg === "answer posted" && entry.carried === true);
    const logged = latestAnswerIn(harness.context.store, thread)!;
    expect(logged).toMatchObject({ question: "When did that happen?", asked: "When did that happen? Kremlin Iran", answered: true, carried: "about: Kremlin Iran" });
    // No second thread for a follow-up.
    expect(harness.fake.threadsOf(general)).toHaveLength(1);

    // A follow-up with dates of its own keeps the subject and takes its own window.
    harness.clock.advance(60_000);
    harness.fake.sendMessage({ content: "And in December?", channelId: thread });
    const december = await answerPosted(thread, "And in December?");
    expect(december.body.content).toBe("-# ↪ about: Kremlin Iran");
    const sources = december.body.embeds[0].fields?.map((field: { value: string }) => field.value).join("\n") ?? "";
    expect(sources).toContain("30 Dec 2025");
    expect(sources).not.toContain("Jun 2025");
  });

  it("understands a reply to one of its answers as a follow-up, and answers it in place", async () => {
    const ask = harness.fake.chatInputInteraction({ name: "ask", channelId: harness.fake.channelId("news"), options: { question: KREMLIN_QUESTION } });
    const answer = await finalReply(ask);
    await harness.logs.waitFor((entry) => entry.msg === "answer posted" && entry.messageId === answer.id);
    expect(findAnswerByMessage(harness.context.store, answer.id)).not.toBeNull();
    harness.clock.advance(60_000);
    const reply = harness.fake.sendMessage({ content: "When did that happen?", channelId: general, replyToMessageId: answer.id });
    // general is not a Q&A channel and the reply mentions nobody: only being a reply to an answer makes it a question.
    const posted = await reply.waitForReply();
    expect(posted.body.content).toBe("-# ↪ about: Kremlin Iran Israel ceasefire");
    expect(posted.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(harness.fake.threadsOf(general)).toHaveLength(1);
  });

  it("answers a forum post in place, in the post", async () => {
    const post = harness.fake.createForumPost(forum, { title: "Kremlin and the truce", content: KREMLIN_QUESTION });
    const reply = await post.waitForReply();
    expect(reply.params.channelId).toBe(post.id);
    expect(reply.body.embeds[0].title).toBe(KREMLIN_QUESTION);
    expect(harness.fake.requests.some((request) => request.route === "POST /channels/:channelId/messages/:messageId/threads" && request.params.channelId === forum)).toBe(false);
  });

  it("stops the follows of a thread at once when it is deleted, with a logged warning", async () => {
    const post = harness.fake.createForumPost(forum, { title: "Watching the truce", content: "Following the truce here" });
    const followed = await finalReply(
      slashCommand(harness.fake, { name: "follow", subcommand: "question", channelId: post.id, permissions: PermissionFlagsBits.ManageGuild, options: { question: IRAN_QUESTION } }),
    );
    expect(followed.content).toMatch(/^Following /);
    expect(listFollows(harness.context.store, post.id)).toHaveLength(1);
    harness.fake.deleteChannel(post.id);
    const warning = await harness.logs.waitFor((entry) => entry.level === PINO_LEVEL.warn && entry.channelId === post.id);
    expect(warning.msg).toBe("the channel of a followed question is gone; its follows are stopped");
    expect(listFollows(harness.context.store, post.id)).toEqual([]);
  });

  it("never pinged anyone, and Discord accepted everything", () => {
    for (const { request, message } of sentMessageBodies(harness.fake)) expect(message.allowed_mentions, `${request.method} ${request.path}`).toMatchObject({ parse: [] });
    expect(harness.fake.requests.filter((request) => request.status >= 400).map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([]);
  });
});

describe("follow-ups in the console", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-console-conversation-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps the context between consecutive questions, and /new starts afresh", async () => {
    const context = createAppContext(loadConfig({ INDEX_DIR: dir, EMBEDDING_MODEL: "none", LOG_LEVEL: "silent" }));
    try {
      await ingestPaths(context.store, { paths: [SAMPLE_ARTICLES], embedder: null, clock: context.clock });
      const conversation: ConsoleConversation = { previous: null };
      const ask = (line: string) => respondToLine(context, line, { conversation });
      const first = await ask(KREMLIN_QUESTION);
      expect(first).toMatch(/^> /);
      const followUp = await ask("When did that happen?");
      expect(followUp).toMatch(/^\(↪ about: Kremlin Iran Israel ceasefire\)\n> /);
      expect(await ask("/new")).toBe("New conversation: the next question stands on its own.");
      expect(await ask("When did that happen?")).not.toMatch(/↪|^> /);
    } finally {
      context.close();
    }
  });

  it("answers a question on its own when what it would carry over finds nothing", async () => {
    const context = createAppContext(loadConfig({ INDEX_DIR: path.join(dir, "changed-subject"), EMBEDDING_MODEL: "none", LOG_LEVEL: "silent" }));
    try {
      await ingestPaths(context.store, { paths: [SAMPLE_ARTICLES], embedder: null, clock: context.clock });
      const conversation: ConsoleConversation = { previous: null };
      const ask = (line: string) => respondToLine(context, line, { conversation });
      expect(await ask("What does Moscow want everyone to do about Iran?")).toMatch(/^I couldn't find that/);
      const kremlin = await ask("What did the Kremlin say?");
      expect(kremlin).toMatch(/^> .*Kremlin/);
      expect(kremlin).not.toContain("↪");
      expect(conversation.previous).toBe("What did the Kremlin say?");
    } finally {
      context.close();
    }
  });
});
