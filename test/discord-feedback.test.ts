import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PermissionFlagsBits } from "discord.js";
import { createAppContext } from "../src/app/app-context";
import { runReport } from "../src/cli/report";
import { readFeedbackReport } from "../src/store/answer-log";
import { loadCommands } from "../src/discord/load-commands";
import { startBot } from "../src/discord/start-bot";
import { sentMessageBodies, startTestBot, type TestBot } from "./support/bot-harness";
import { finalReply, isEphemeral, replyText, slashCommand } from "./support/discord-interactions";
import type { FakeMessage } from "./support/fake-discord";

const MANAGER = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
const MEMBER = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
const ANSWERABLE = "What did the Kremlin say about a ceasefire between Iran and Israel?";
const UNANSWERABLE = "What is the death toll of the Java landslide?";
const OTHER_USER = "1000000000000000102";

type Button = { custom_id: string; label?: string; emoji?: { name: string } };
const buttonsOf = (message: FakeMessage) => (message.components as { components: Button[] }[]).flatMap((row) => row.components);
const voteButton = (message: FakeMessage, emoji: string) => {
  const found = buttonsOf(message).find((button) => button.emoji?.name === emoji);
  if (!found) throw new Error(`no ${emoji} button`);
  return found;
};

describe("feedback: votes and the report", () => {
  let harness: TestBot;
  let general: string;
  /** The answer voted on, and its 👎 button, for the restart test. */
  let votedAnswer: { messageId: string; down: string };

  beforeAll(async () => {
    harness = await startTestBot({ threads: false });
    general = harness.fake.channelId("general");
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("puts 👍/👎 under answers and refusals alike, next to Show passages", async () => {
    const answer = await finalReply(harness.fake.chatInputInteraction({ name: "ask", options: { question: ANSWERABLE } }));
    expect(buttonsOf(answer).map((button) => button.label ?? button.emoji?.name)).toEqual(["Show passages", "👍", "👎"]);
    const refusal = await finalReply(harness.fake.chatInputInteraction({ name: "ask", options: { question: UNANSWERABLE } }));
    expect(replyText(refusal)).toMatch(/couldn't find that/);
    expect(buttonsOf(refusal).map((button) => button.emoji?.name).filter(Boolean)).toEqual(["👍", "👎"]);
  });

  it("counts one vote per person per answer, the latest one, and stores it with the question, answer and quotes", async () => {
    const answer = await finalReply(harness.fake.chatInputInteraction({ name: "ask", options: { question: ANSWERABLE, source: "Moscow Times" } }));
    const down = voteButton(answer, "👎").custom_id;
    const up = voteButton(answer, "👍").custom_id;
    votedAnswer = { messageId: answer.id, down };
    const first = await finalReply(harness.fake.buttonInteraction({ customId: down, messageId: answer.id }));
    expect(isEphemeral(first)).toBe(true);
    expect(first.content).toContain("👍 0 · 👎 1");
    const again = await finalReply(harness.fake.buttonInteraction({ customId: down, messageId: answer.id }));
    expect(again.content).toContain("👍 0 · 👎 1");
    const other = await finalReply(harness.fake.buttonInteraction({ customId: down, messageId: answer.id, userId: OTHER_USER }));
    expect(other.content).toContain("👍 0 · 👎 2");
    const changed = await finalReply(harness.fake.buttonInteraction({ customId: up, messageId: answer.id, userId: OTHER_USER }));
    expect(changed.content).toContain("👍 1 · 👎 1");

    const [voted] = readFeedbackReport(harness.context.store, null).downVoted;
    expect(voted).toMatchObject({ question: ANSWERABLE, up: 1, down: 1, filters: { sources: ["Moscow Times"] } });
    expect(voted!.answerText).toContain("[1]");
    expect(voted!.quotes.length).toBeGreaterThan(0);
    expect(voted!.quotes[0]).toEqual({ text: expect.any(String), articleId: expect.any(String), citation: 1 });
  });

  it("records refused questions from /ask and from channels, grouped however they were typed", async () => {
    await finalReply(harness.fake.chatInputInteraction({ name: "ask", options: { question: `  ${UNANSWERABLE.toUpperCase()} ` } }));
    const asked = harness.fake.sendMessage({ content: `<@${harness.fake.botUserId}> ${UNANSWERABLE}`, channelId: general });
    await asked.waitForReply();
    const refused = readFeedbackReport(harness.context.store, null).refused;
    expect(refused[0]).toMatchObject({ count: 3 });
    expect(refused[0]!.question.toLowerCase().trim()).toBe(UNANSWERABLE.toLowerCase());
  });

  it("/report is for Manage Server only, private, and lists refused questions and down-voted answers with counts", async () => {
    const refusedReply = await finalReply(slashCommand(harness.fake, { name: "report", channelId: general, permissions: MEMBER }));
    expect(isEphemeral(refusedReply)).toBe(true);
    expect(refusedReply.content).toBe("Only members with **Manage Server** can see the feedback report; ask a server admin.");

    const reply = await finalReply(slashCommand(harness.fake, { name: "report", channelId: general, permissions: MANAGER }));
    expect(isEphemeral(reply)).toBe(true);
    const text = replyText(reply);
    expect(text).toMatch(/Most-asked questions I could not answer: \*\*3×\*\* /);
    expect(text).toContain("👎 1 · 👍 1 — What did the Kremlin say about a ceasefire between Iran and Israel?");
    for (const { message } of sentMessageBodies(harness.fake)) expect(message.allowed_mentions).toMatchObject({ parse: [] });
  });

  it("`report --json` and `report --since` give the same lists on the command line", async () => {
    const context = createAppContext(harness.context.config, { logger: harness.logs.logger, clock: harness.clock.now });
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
    try {
      expect(await runReport(context, ["--json"])).toBe(0);
      expect(await runReport(context, ["--since", "2030-01-01", "--json"])).toBe(0);
      expect(await runReport(context, [])).toBe(0);
      await expect(runReport(context, ["--since", "yesterday"])).rejects.toThrow(/--since must be a date YYYY-MM-DD/);
    } finally {
      spy.mockRestore();
      context.close();
    }
    const [all, later, text] = written;
    expect(JSON.parse(all!)).toMatchObject({ since: null, refused: [{ count: 3 }], downVoted: [{ question: ANSWERABLE, up: 1, down: 1 }] });
    expect(JSON.parse(later!)).toEqual({ since: "2030-01-01", refused: [], downVoted: [] });
    expect(text).toContain("Most-asked questions I could not answer:\n  3× ");
    expect(text).toContain(`Answers voted down:\n  👎 1 👍 1  ${ANSWERABLE}`);
  });

  it("keeps votes and channel settings across a restart: a vote after it still counts once per person", async () => {
    await harness.bot.stop();
    const restarted = await startBot(harness.services, await loadCommands(), harness.fake.token);
    try {
      const vote = await finalReply(harness.fake.buttonInteraction({ customId: votedAnswer.down, messageId: votedAnswer.messageId, userId: OTHER_USER }));
      expect(vote.content).toContain("👍 0 · 👎 2");
      // threads: false, set in the database before the first start, still holds.
      const asked = harness.fake.sendMessage({ content: `<@${harness.fake.botUserId}> ${ANSWERABLE}`, channelId: general });
      await asked.waitForReply();
      expect(harness.fake.threadsOf(general)).toEqual([]);
    } finally {
      await restarted.stop();
    }
  });
});
