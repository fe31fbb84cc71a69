import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChannelType, GatewayIntentBits, GatewayOpcodes, InteractionResponseType, MessageFlags } from "discord.js";
import type { Answer, Citation, Quote } from "../src/answers";
import { loadConfig } from "../src/config/load-config";
import { deployCommands } from "../src/cli/deploy-commands";
import { COMMANDS_DIR } from "../src/discord/load-commands";
import { renderAnswerEmbed } from "../src/discord/render/answer-message";
import type { BotServices } from "../src/discord/types";
import { closeStore, findArticlesByTitle, getArticle, openStore } from "../src/store";
import {
  GLACIER_ARTICLE,
  GLACIER_QUESTION,
  HARBOUR_ARTICLE,
  HARBOUR_QUESTION,
  TUNNEL_ARTICLES,
  TUNNEL_QUERY,
  writeFixtureArticles,
} from "./support/bot-fixture-articles";
import { PINO_LEVEL, PROJECT_ROOT, createGate, sentMessageBodies, startTestBot, type TestBot } from "./support/bot-harness";
import { startFakeDiscord, type FakeDiscord, type FakeMessage, type FakeRequest } from "./support/fake-discord";

const KREMLIN_QUESTION = "What did the Kremlin say about a ceasefire between Iran and Israel?";
const MOSCOW_TIMES_TITLE = "Kremlin Says It Would Welcome Iran-Israel Truce as Trump's Ceasefire Plan Fails";
const TRT_TITLE = "Kremlin urges restraint over Iran after Trump warns of possible new strike";
const SORRY = /^Something went wrong/;
const CALLBACK = "POST /interactions/:interactionId/:interactionToken/callback";

/** The command files in commands/, which the loader discovers by convention (file name = command name). */
const COMMAND_NAMES = fs
  .readdirSync(COMMANDS_DIR)
  .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith(".d.ts"))
  .map((file) => file.replace(/\.(ts|js)$/, ""))
  .sort();

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();
/** Undoes Discord markdown escaping, to compare a rendered quote with the article's words. */
const unescapeMarkdown = (text: string) => text.replace(/\\(.)/g, "$1");

type Embed = { title?: string; description?: string; url?: string; fields?: { name: string; value: string }[]; footer?: { text: string } };
type Button = { custom_id: string; label: string; disabled?: boolean };

function embedOf(message: { embeds?: unknown[] }): Embed {
  const [embed] = message.embeds ?? [];
  if (!embed) throw new Error("the message has no embed");
  return embed as Embed;
}

function buttonsOf(message: { components?: unknown[] }): Button[] {
  return (message.components ?? []).flatMap((row) => (row as { components: Button[] }).components);
}

function button(message: { components?: unknown[] }, label: string): Button {
  const found = buttonsOf(message).find((candidate) => candidate.label === label);
  if (!found) throw new Error(`no "${label}" button; buttons: ${buttonsOf(message).map((b) => b.label).join(", ")}`);
  return found;
}

/** The `> quote **[n]**` lines of an answer embed, as quote text and citation number. */
function quotesOf(embed: Embed): { text: string; citation: number }[] {
  return (embed.description ?? "").split("\n\n").map((line) => {
    // The [n] links to the quote in the article (a text fragment) when the article has a url.
    const match = line.match(/^> (.+) \*\*(?:\[\\\[(\d+)\\\]\]\(https?:\/\/[^\s)]+#:~:text=[^\s)]+\)|\[(\d+)\])\*\*$/s);
    if (!match) throw new Error(`not a quote line: ${line}`);
    return { text: unescapeMarkdown(match[1]!), citation: Number(match[2] ?? match[3]) };
  });
}

function callbacksOf(requests: FakeRequest[]): FakeRequest[] {
  return requests.filter((request) => request.route === CALLBACK);
}

function originalMessage(interaction: { originalMessage(): FakeMessage | undefined }): FakeMessage {
  const message = interaction.originalMessage();
  if (!message) throw new Error("the interaction has no response message");
  return message;
}

/** Every message body the bot sent holds allowed_mentions with nothing to parse, and its replies never ping. */
function expectNoPings(fake: FakeDiscord): void {
  const sent = sentMessageBodies(fake);
  expect(sent.length).toBeGreaterThan(0);
  for (const { request, message } of sent) {
    expect(message.allowed_mentions, `${request.method} ${request.path}`).toMatchObject({ parse: [] });
    if (message.message_reference) expect(message.allowed_mentions.replied_user).toBe(false);
  }
}

/** expectNoPings, and Discord (the fake, as strict) accepted every request: no 50035, no 40060, no 403. */
function expectNothingPingedOrRejected(fake: FakeDiscord): void {
  expectNoPings(fake);
  const rejected = fake.requests.filter((request) => request.status >= 400);
  expect(rejected.map((request) => `${request.method} ${request.path} → ${request.status} ${request.code}`)).toEqual([]);
}

function identifiedIntents(fake: FakeDiscord): number {
  const identify = fake.gatewayPayloads.find((payload) => payload.op === GatewayOpcodes.Identify);
  return (identify?.d as { intents: number }).intents;
}

/** Replaces some services for one test; returns the undo. */
function replaceServices(services: BotServices, replacement: Partial<BotServices>): () => void {
  const saved = Object.fromEntries(Object.keys(replacement).map((key) => [key, services[key as keyof BotServices]]));
  Object.assign(services, replacement);
  return () => Object.assign(services, saved);
}

describe("the bot over the sample articles, on a fake Discord", () => {
  let harness: TestBot;
  let fake: FakeDiscord;
  let fixturesDir: string;
  let general: string;
  let news: string;

  beforeAll(async () => {
    fixturesDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-bot-fixtures-"));
    // Replies rather than threads: answering in threads is tested in discord-conversations.test.ts.
    harness = await startTestBot({ qaChannels: ["news"], extraArticles: [writeFixtureArticles(fixturesDir)], threads: false });
    fake = harness.fake;
    general = fake.channelId("general");
    news = fake.channelId("news");
  });

  afterAll(async () => {
    await harness?.close();
    fs.rmSync(fixturesDir, { recursive: true, force: true });
  });

  // Each test starts with every user's channel cooldown over.
  beforeEach(() => harness.clock.advance(60_000));

  it("logs in with MessageContent requested because Q&A channels are configured", () => {
    const intents = identifiedIntents(fake);
    expect(intents & GatewayIntentBits.Guilds).toBeTruthy();
    expect(intents & GatewayIntentBits.GuildMessages).toBeTruthy();
    expect(intents & GatewayIntentBits.MessageContent).toBeTruthy();
    expect(harness.logs.entries.some((entry) => entry.msg === "connected to Discord")).toBe(true);
  });

  describe("/ask", () => {
    it("answers with verbatim block quotes, linked sources, a footer and a Show passages button, acknowledged once", async () => {
      const ask = fake.chatInputInteraction({ name: "ask", options: { question: KREMLIN_QUESTION } });
      const callback = await ask.waitForCallback();
      expect(callback.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      const reply = callback.body.data;
      expect(reply.allowed_mentions).toEqual({ parse: [] });
      expect(reply.flags ?? 0).toBe(0);

      const embed = embedOf(reply);
      expect(embed.title).toBe(KREMLIN_QUESTION);
      const quotes = quotesOf(embed);
      expect(quotes.some((quote) => quote.text.includes("would welcome a ceasefire between Iran and Israel"))).toBe(true);
      const [sources] = embed.fields ?? [];
      expect(sources?.name).toBe("Sources");
      // Each quote is the cited article's own words, and each source a linked title with outlet and date.
      for (const quote of quotes) {
        const line = sources!.value.split("\n").find((candidate) => candidate.startsWith(`[${quote.citation}] `)) ?? "";
        const title = line.match(/^\[\d+\] \[(.+)\]\(https:\/\/[^)]+\) — .+, \d{1,2} \w{3} \d{4}$/)?.[1];
        expect(title, line).toBeDefined();
        const [article] = findArticlesByTitle(harness.context.store, unescapeMarkdown(title!), 1);
        expect(collapse(article!.text)).toContain(collapse(quote.text));
      }
      expect(sources!.value).toContain(
        "[Kremlin Says It Would Welcome Iran-Israel Truce as Trump's Ceasefire Plan Fails](https://www.themoscowtimes.com/2025/06/24/",
      );
      expect(sources!.value).toContain("— The Moscow Times, 24 Jun 2025");
      expect(embed.footer?.text).toMatch(/^from \d+ articles? · newest \d{1,2} \w{3} \d{4}$/);
      expect(button(reply, "Show passages").custom_id).toMatch(/^ask:passages:/);

      // The answer is stored as the interaction's message; nothing else was sent for it.
      expect(callbacksOf(ask.requests())).toHaveLength(1);
      expect(ask.requests()).toHaveLength(1);
    });

    it("opens the passages behind an answer as an ephemeral view with scores and working Previous/Next", async () => {
      const ask = fake.chatInputInteraction({ name: "ask", options: { question: KREMLIN_QUESTION } });
      await ask.waitForCallback();
      const answer = originalMessage(ask);
      const answerEmbeds = structuredClone(answer.embeds);

      const show = fake.buttonInteraction({ customId: button(answer, "Show passages").custom_id, messageId: answer.id });
      const opened = (await show.waitForCallback()).body;
      expect(opened.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(opened.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      const firstPage = embedOf(opened.data);
      expect(firstPage.title).toBe(`Passages for: ${KREMLIN_QUESTION}`);
      expect(firstPage.fields?.map((field) => field.name)).toEqual(["1.", "2.", "3."]);
      for (const field of firstPage.fields!) expect(field.value).toMatch(/ · score \d\.\d{4} \(keyword \d+\.\d{2}\)\n/);
      const pages = Number(firstPage.footer?.text.match(/^page 1 of (\d+) · \d+ passages$/)?.[1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(button(opened.data, "Previous").disabled).toBe(true);
      expect(button(opened.data, "Next").disabled).toBe(false);

      const view = originalMessage(show);
      const next = fake.buttonInteraction({ customId: button(opened.data, "Next").custom_id, messageId: view.id });
      const secondPage = (await next.waitForCallback()).body;
      expect(secondPage.type).toBe(InteractionResponseType.UpdateMessage);
      expect(embedOf(secondPage.data).fields?.[0]?.name).toBe("4.");
      expect(embedOf(secondPage.data).footer?.text).toMatch(/^page 2 of /);
      expect(button(secondPage.data, "Previous").disabled).toBe(false);

      const previous = fake.buttonInteraction({ customId: button(secondPage.data, "Previous").custom_id, messageId: view.id });
      const backAgain = (await previous.waitForCallback()).body;
      expect(backAgain.type).toBe(InteractionResponseType.UpdateMessage);
      expect(embedOf(backAgain.data).footer?.text).toMatch(/^page 1 of /);
      // The ephemeral view was updated in place; the public answer was never touched.
      expect(embedOf(fake.message(view.id)!).footer?.text).toMatch(/^page 1 of /);
      expect(fake.message(answer.id)?.embeds).toEqual(answerEmbeds);
    });

    it("says so when a button's result has expired, for answers and searches", async () => {
      const search = fake.chatInputInteraction({ name: "search", options: { query: TUNNEL_QUERY } });
      await search.waitForCallback();
      const message = originalMessage(search);
      const embeds = structuredClone(message.embeds);
      for (const [customId, expected] of [
        ["ask:passages:gone:0", /^These passages have expired; ask again/],
        ["search:page:gone:1", /^This search has expired; run \/search again/],
      ] as const) {
        const click = fake.buttonInteraction({ customId, messageId: message.id });
        const reply = (await click.waitForCallback()).body;
        expect(reply.type).toBe(InteractionResponseType.ChannelMessageWithSource);
        expect(reply.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
        expect(reply.data.content).toMatch(expected);
      }
      expect(fake.message(message.id)?.embeds).toEqual(embeds);
    });

    it("defers when the work is slow, then edits the deferred reply with the answer, acknowledging once", async () => {
      const gate = createGate();
      const realEmbedder = harness.services.embedder;
      const restore = replaceServices(harness.services, { replyBudgetMs: 0, embedder: () => gate.opened.then(realEmbedder) });
      try {
        const ask = fake.chatInputInteraction({ name: "ask", options: { question: KREMLIN_QUESTION } });
        const deferred = await ask.waitForCallback();
        expect(deferred.body.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
        expect(ask.requests()).toHaveLength(1);

        gate.open();
        const edit = await ask.waitForOriginalEdit();
        expect(edit.status).toBe(200);
        expect(edit.body.allowed_mentions).toEqual({ parse: [] });
        expect(quotesOf(embedOf(edit.body))[0]?.text).toContain("would welcome a ceasefire");
        expect(button(edit.body, "Show passages")).toBeDefined();
        expect(callbacksOf(ask.requests())).toHaveLength(1);
        expect(originalMessage(ask).flags & MessageFlags.Loading).toBe(0);
      } finally {
        restore();
      }
    });

    it("says when the articles don't hold the answer", async () => {
      const ask = fake.chatInputInteraction({ name: "ask", options: { question: "What is the capital of France?" } });
      const embed = embedOf((await ask.waitForCallback()).body.data);
      expect(embed.description).toBe("I couldn't find that in the articles.");
      expect(embed.fields ?? []).toEqual([]);
    });

    it("offers the closest headlines when it can't answer but found related articles", async () => {
      const ask = fake.chatInputInteraction({ name: "ask", options: { question: "What did Trump say about Medvedev's nuclear comments?" } });
      const description = embedOf((await ask.waitForCallback()).body.data).description ?? "";
      const [refusal, blank, heading, ...headlines] = description.split("\n");
      expect([refusal, blank, heading]).toEqual(["I couldn't find that in the articles.", "", "Closest headlines:"]);
      expect(headlines.length).toBeGreaterThan(0);
      expect(headlines.join("\n")).toContain(`• [${MOSCOW_TIMES_TITLE}](https://www.themoscowtimes.com/`);
      expect(headlines.join("\n")).toContain(`• ${TRT_TITLE} — `);
    });

    it("says what it searched when it can't answer within the dates or outlet asked", async () => {
      const question = "What did Trump say about Medvedev's nuclear comments?";
      const inJune = fake.chatInputInteraction({ name: "ask", options: { question, since: "2025-06-01", until: "2025-06-30" } });
      const [refusal, , heading, ...headlines] = (embedOf((await inJune.waitForCallback()).body.data).description ?? "").split("\n");
      expect([refusal, heading]).toEqual(["I couldn't find that in the articles in June 2025.", "Closest headlines:"]);
      expect(headlines).toEqual([expect.stringContaining(`• [${MOSCOW_TIMES_TITLE}](https://www.themoscowtimes.com/`)]);
      const fromTrt = fake.chatInputInteraction({ name: "ask", options: { question, source: "TRT World" } });
      expect((embedOf((await fromTrt.waitForCallback()).body.data).description ?? "").split("\n")[0]).toBe("I couldn't find that in the articles from TRT World.");
    });

    async function sourcesOfAnswer(options: Record<string, string>): Promise<string[]> {
      const ask = fake.chatInputInteraction({ name: "ask", options: { question: "What did the Kremlin say about Iran?", ...options } });
      const embed = embedOf((await ask.waitForCallback()).body.data);
      return (embed.fields ?? []).flatMap((field) => field.value.split("\n"));
    }

    it("narrows the answer with since, until and source", async () => {
      const fromReuters = await sourcesOfAnswer({ source: "reuters" });
      expect(fromReuters.length).toBeGreaterThan(0);
      for (const line of fromReuters) expect(line).toMatch(/— TRT World \(Reuters\), 30 Dec 2025$/);

      const sinceDecember = await sourcesOfAnswer({ since: "2025-12-01" });
      expect(sinceDecember.length).toBeGreaterThan(0);
      for (const line of sinceDecember) expect(line).toContain(TRT_TITLE);

      const untilJuly = await sourcesOfAnswer({ until: "2025-07-01" });
      expect(untilJuly.length).toBeGreaterThan(0);
      for (const line of untilJuly) expect(line).toContain(MOSCOW_TIMES_TITLE);
    });

    it.each(["24/06/2025", "last week", "2025-02-30"])("rejects the date %j with a one-line ephemeral error", async (since) => {
      const ask = fake.chatInputInteraction({ name: "ask", options: { question: KREMLIN_QUESTION, since } });
      const callback = (await ask.waitForCallback()).body;
      expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(callback.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(callback.data.content).toMatch(/since/);
      expect(callback.data.content).not.toContain("\n");
      expect(callback.data.embeds ?? []).toEqual([]);
    });
  });

  describe("/search", () => {
    it("lists as many passages as the limit asks for, without buttons when they fit one page", async () => {
      const search = fake.chatInputInteraction({ name: "search", options: { query: TUNNEL_QUERY, limit: 3 } });
      const reply = (await search.waitForCallback()).body.data;
      const embed = embedOf(reply);
      expect(embed.title).toBe(`Search: ${TUNNEL_QUERY}`);
      expect(embed.fields?.map((field) => field.name)).toEqual(["1.", "2.", "3."]);
      expect(embed.footer?.text).toBe("page 1 of 1 · 3 passages");
      expect(reply.components ?? []).toEqual([]);
      expect(reply.allowed_mentions).toEqual({ parse: [] });
    });

    it("pages through the results with Previous/Next as a compact list of title, outlet, date, link and snippet", async () => {
      const search = fake.chatInputInteraction({ name: "search", options: { query: TUNNEL_QUERY } });
      const reply = (await search.waitForCallback()).body.data;
      expect(reply.flags ?? 0).toBe(0);
      const firstPage = embedOf(reply);
      expect(firstPage.fields?.map((field) => field.name)).toEqual(["1.", "2.", "3.", "4.", "5."]);
      expect(firstPage.footer?.text).toBe("page 1 of 2 · 8 passages");
      for (const field of firstPage.fields!) {
        const [line, snippet] = field.value.split("\n");
        expect(line).toMatch(/^\[Tunnel boring machine passes milestone \d under the river\]\(https:\/\/news\.example\.test\/tunnel\/\d\) — (City Courier|Metro Daily|River Post), \d{1,2} \w{3} 2025$/);
        expect(snippet!.length).toBeLessThanOrEqual(180);
        expect(snippet).toMatch(/tunnel boring/i);
      }
      expect(button(reply, "Previous").disabled).toBe(true);

      const message = originalMessage(search);
      const next = fake.buttonInteraction({ customId: button(reply, "Next").custom_id, messageId: message.id });
      const secondPage = (await next.waitForCallback()).body;
      expect(secondPage.type).toBe(InteractionResponseType.UpdateMessage);
      expect(embedOf(secondPage.data).fields?.map((field) => field.name)).toEqual(["6.", "7.", "8."]);
      expect(button(secondPage.data, "Next").disabled).toBe(true);
      expect(embedOf(fake.message(message.id)!).footer?.text).toBe("page 2 of 2 · 8 passages");

      const previous = fake.buttonInteraction({ customId: button(secondPage.data, "Previous").custom_id, messageId: message.id });
      const backAgain = (await previous.waitForCallback()).body;
      expect(embedOf(backAgain.data).fields?.[0]?.name).toBe("1.");
    });
  });

  describe("/article", () => {
    it("suggests titles matching what was typed, newest first", async () => {
      const typing = fake.autocompleteInteraction({ name: "article", focused: { name: "title", value: "TUNNEL boring" } });
      const callback = (await typing.waitForCallback()).body;
      expect(callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
      const newestFirst = [...TUNNEL_ARTICLES].sort((a, b) => b.published.localeCompare(a.published));
      expect(callback.data.choices.map((choice: { value: string }) => choice.value)).toEqual(newestFirst.map((article) => article.id));
      expect(callback.data.choices[0].name).toBe(`${newestFirst[0]!.title} (5 Dec 2025)`);

      const nothing = fake.autocompleteInteraction({ name: "article", focused: { name: "title", value: "no such headline" } });
      expect((await nothing.waitForCallback()).body.data.choices).toEqual([]);
    });

    it("shows the chosen article's title, outlet, date, link and lead", async () => {
      const show = fake.chatInputInteraction({ name: "article", options: { title: "url:f4f655725390512c" } });
      const reply = (await show.waitForCallback()).body.data;
      const embed = embedOf(reply);
      const stored = getArticle(harness.context.store, "url:f4f655725390512c")!;
      expect(embed.title).toBe(MOSCOW_TIMES_TITLE);
      expect(embed.url).toBe(stored.url);
      expect(embed.fields).toEqual([
        { name: "Outlet", value: "The Moscow Times", inline: true },
        { name: "Published", value: "24 Jun 2025", inline: true },
      ]);
      const lead = stored.text.split(/\n\s*\n/).find((paragraph) => paragraph.trim())!;
      expect(unescapeMarkdown(embed.description!)).toBe(lead);
    });

    it("falls back to the best title match for typed text, and says so when nothing matches", async () => {
      const typed = fake.chatInputInteraction({ name: "article", options: { title: "Kremlin urges" } });
      expect(embedOf((await typed.waitForCallback()).body.data).title).toBe(TRT_TITLE);

      const unknown = fake.chatInputInteraction({ name: "article", options: { title: "no such headline" } });
      const reply = (await unknown.waitForCallback()).body.data;
      expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(reply.content).toMatch(/^No article with that title/);
    });
  });

  it("/sources shows what the index holds, ephemerally", async () => {
    const sources = fake.chatInputInteraction({ name: "sources" });
    const reply = (await sources.waitForCallback()).body.data;
    expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const fields = Object.fromEntries(embedOf(reply).fields!.map((field) => [field.name, field.value]));
    const articles = 2 + TUNNEL_ARTICLES.length + 2;
    expect(fields.Articles).toMatch(new RegExp(`^${articles} \\(\\d+ passages\\)$`));
    expect(fields.Dates).toBe("24 Jun 2025 – 30 Dec 2025");
    expect(fields["Last ingest"]).toBe(`<t:${Math.floor(Date.parse("2026-01-05T12:00:00Z") / 1000)}:R>`);
    expect(fields.Search).toBe("keyword only (no embedding model loaded)");
    expect(fields.Outlets).toContain("City Courier (2)");
    expect(fields.Outlets).toContain("The Moscow Times (1)");
    expect(fields.Outlets).toContain("Harbour \\_Gazette\\_ (1)");
  });

  it("/help explains the commands, ephemerally, naming the Q&A channel without pinging", async () => {
    const help = fake.chatInputInteraction({ name: "help" });
    const reply = (await help.waitForCallback()).body.data;
    expect(reply.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const description = embedOf(reply).description ?? "";
    for (const command of ["/ask", "/search", "/article", "/sources"]) expect(description).toContain(`\`${command}`);
    expect(description).toContain(`<#${news}>`);
    expect(reply.allowed_mentions).toMatchObject({ parse: [] });
  });

  describe("questions in channels", () => {
    it("replies to a message that mentions the bot, without pinging its author", async () => {
      const question = fake.sendMessage({ content: `<@${fake.botUserId}> ${KREMLIN_QUESTION}`, channelId: general });
      const reply = await question.waitForReply();
      expect(reply.status).toBe(200);
      expect(reply.body.message_reference).toMatchObject({ message_id: question.id });
      expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
      const embed = embedOf(reply.body);
      expect(embed.title).toBe(KREMLIN_QUESTION);
      expect(quotesOf(embed)[0]?.text).toContain("would welcome a ceasefire");
      expect(button(reply.body, "Show passages")).toBeDefined();
      expect(fake.requests.some((request) => request.route === "POST /channels/:channelId/typing" && request.params.channelId === general)).toBe(true);
    });

    it("answers any human message in a Q&A channel, but only mentions elsewhere", async () => {
      const elsewhere = fake.sendMessage({ content: KREMLIN_QUESTION, channelId: general });
      const inQa = fake.sendMessage({ content: KREMLIN_QUESTION, channelId: news });
      const reply = await inQa.waitForReply();
      expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
      expect(quotesOf(embedOf(reply.body)).length).toBeGreaterThan(0);
      // Gateway events are handled in order, so the message in #general was dealt with before the one in #news.
      expect(fake.requests.filter((request) => request.body?.message_reference?.message_id === elsewhere.id)).toEqual([]);
    });

    it("ignores bots, webhooks, itself, thanks and emoji", async () => {
      const ignored = [
        fake.sendMessage({ content: KREMLIN_QUESTION, channelId: news, authorId: "1000000000000000777", bot: true }),
        fake.sendMessage({ content: KREMLIN_QUESTION, channelId: news, webhookId: "1000000000000000888" }),
        fake.sendMessage({ content: KREMLIN_QUESTION, channelId: news, authorId: fake.botUserId }),
        fake.sendMessage({ content: "thanks!", channelId: news }),
        fake.sendMessage({ content: "Thank you 🙏", channelId: news }),
        fake.sendMessage({ content: "🎉🎉👍", channelId: news }),
        fake.sendMessage({ content: `<@${fake.botUserId}> thanks`, channelId: general }),
      ];
      // None of those started the author's cooldown either: the question right after is answered.
      const question = fake.sendMessage({ content: KREMLIN_QUESTION, channelId: news });
      await question.waitForReply();
      const repliedTo = new Set(fake.requests.map((request) => request.body?.message_reference?.message_id).filter(Boolean));
      expect(ignored.filter((message) => repliedTo.has(message.id))).toEqual([]);
      const reactedTo = fake.requests.filter((request) => request.route?.includes("/reactions/"));
      expect(reactedTo.filter((request) => ignored.some((message) => message.id === request.params.messageId))).toEqual([]);
    });

    it("puts a ⏳ on questions asked again within the cooldown, and answers once it is over", async () => {
      const first = fake.sendMessage({ content: KREMLIN_QUESTION, channelId: news });
      await first.waitForReply();
      const tooSoon = fake.sendMessage({ content: "Why is the Kremlin urging restraint over Iran?", channelId: news });
      const reaction = await fake.waitForRequest(
        (request) => request.route === "PUT /channels/:channelId/messages/:messageId/reactions/:emoji/@me" && request.params.messageId === tooSoon.id,
      );
      expect(reaction.params.emoji).toBe("⏳");
      expect(reaction.status).toBe(204);

      harness.clock.advance(harness.services.config.qaCooldownSeconds * 1000);
      const later = fake.sendMessage({ content: "Why is the Kremlin urging restraint over Iran?", channelId: news });
      const reply = await later.waitForReply();
      expect(quotesOf(embedOf(reply.body))[0]?.text).toMatch(/refrain from escalation/);
      expect(fake.requests.filter((request) => request.body?.message_reference?.message_id === tooSoon.id)).toEqual([]);
    });

    it("logs the fix instead of posting where it lacks permissions", async () => {
      const readOnly = fake.channelId("read-only");
      fake.sendMessage({ content: `<@${fake.botUserId}> ${KREMLIN_QUESTION}`, channelId: readOnly });
      const warning = await harness.logs.waitFor((entry) => entry.level === PINO_LEVEL.warn && entry.channelId === readOnly);
      expect(warning.msg).toMatch(/give the bot Send Messages, Embed Links and Read Message History/);
      expect(fake.requests.filter((request) => request.params.channelId === readOnly)).toEqual([]);
    });
  });

  describe("safety and Discord's limits", () => {
    it("escapes mentions and markdown from articles", async () => {
      const ask = fake.chatInputInteraction({ name: "ask", options: { question: HARBOUR_QUESTION } });
      const reply = (await ask.waitForCallback()).body.data;
      const embed = embedOf(reply);
      const rendered = JSON.stringify(embed);
      expect(embed.description).toContain("@\u200beveryone");
      expect(embed.description).toContain("<@\u200b123456789012345678>");
      expect(embed.description).toContain("<@&\u200b234567890123456789>");
      expect(embed.description).toContain("\\*\\*bold\\*\\*");
      expect(embed.description).toContain("\\_underscores\\_");
      expect(embed.description).toContain("\\`code\\`");
      expect(embed.description).toContain("\\|\\|spoilers\\|\\|");
      expect(rendered).not.toMatch(/@everyone|<@&?\d+>/);
      expect(embed.fields?.[0]?.value).toBe(
        "[1] [Harbour \\*\\*notice\\*\\* reaches @\u200beveryone](https://news.example.test/harbour) — Harbour \\_Gazette\\_, 3 Nov 2025",
      );
      // Escaping aside, the quote is still the article's own words.
      expect(collapse(HARBOUR_ARTICLE.text)).toContain(quotesOf(embed)[0]!.text.replace(/\u200b/g, ""));
      expect(reply.allowed_mentions).toEqual({ parse: [] });
    });

    it("escapes mentions in a question asked in a channel", async () => {
      const question = fake.sendMessage({ content: `<@${fake.botUserId}> @everyone <@&234567890123456789> ${HARBOUR_QUESTION}`, channelId: general });
      const reply = await question.waitForReply();
      const embed = embedOf(reply.body);
      expect(embed.title).toBe(`@\u200beveryone <@&\u200b234567890123456789> ${HARBOUR_QUESTION}`);
      expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    });

    it("keeps a near-4096-character quote, a long headline and a long url inside Discord's limits", async () => {
      const ask = fake.chatInputInteraction({ name: "ask", options: { question: GLACIER_QUESTION } });
      const callback = await ask.waitForCallback();
      expect(callback.status).toBe(204);
      const embed = embedOf(callback.body.data);
      expect(embed.description!.length).toBeLessThanOrEqual(4096);
      // Shortened at a word boundary, still the article's words, with its citation kept.
      const shortened = embed.description!.match(/^> (The glacier survey found that .+)… \*\*\[\\\[1\\\]\]\([^)]+\)\*\*$/s)?.[1];
      expect(shortened).toBeDefined();
      expect(GLACIER_ARTICLE.text).toContain(unescapeMarkdown(shortened!));
      // The url alone nearly fills a field: the source keeps its headline, outlet and date, without the link.
      expect(embed.fields).toHaveLength(1);
      const source = embed.fields![0]!.value;
      expect(source.length).toBeLessThanOrEqual(1024);
      expect(source).toMatch(/^\[1\] Glacier survey with an extraordinarily long headline/);
      expect(source.endsWith(` — ${GLACIER_ARTICLE.source}, 8 Aug 2025`)).toBe(true);
      expect(embed.footer?.text).toBe("from 1 article · newest 8 Aug 2025");
    });

    it("keeps a very long question inside Discord's limits, on /ask and in a channel", async () => {
      const longQuestion = `${KREMLIN_QUESTION} ${"And what else did the spokesman say about it? ".repeat(80)}`;
      const ask = fake.chatInputInteraction({ name: "ask", options: { question: longQuestion } });
      const callback = await ask.waitForCallback();
      expect(callback.status).toBe(204);
      expect(embedOf(callback.body.data).title!.length).toBeLessThanOrEqual(256);

      const question = fake.sendMessage({ content: `<@${fake.botUserId}> ${longQuestion}`, channelId: general });
      const reply = await question.waitForReply();
      expect(reply.status).toBe(200);
      expect(embedOf(reply.body).title!.length).toBeLessThanOrEqual(256);
    });

    it("renders many long quotes from many sources within 4096/1024/6000, whole quotes only, every shown [n] with its source", async () => {
      const sources: Citation[] = Array.from({ length: 12 }, (_, i) => ({
        citation: i + 1,
        articleId: `long-${i}`,
        title: `A long headline number ${i + 1} `.repeat(12).trim(),
        url: `https://news.example.test/${"segment/".repeat(60)}${i + 1}`,
        published: `2025-03-${String(i + 10).padStart(2, "0")}`,
        source: `Outlet ${i + 1}`,
      }));
      const quotes: Quote[] = sources.map((source) => ({
        ...source,
        text: `Quote ${source.citation} begins. ${"Every word of this quote is a real sentence from an article. ".repeat(14)}It ends here.`,
        start: 0,
        end: 0,
      }));
      const answer: Answer = { question: "q".repeat(400), answered: true, quotes, sources, text: "", passages: [], closestHeadlines: [], reason: "" };
      const embed = renderAnswerEmbed(answer).toJSON();

      expect(embed.title!.length).toBeLessThanOrEqual(256);
      expect(embed.description!.length).toBeLessThanOrEqual(4096);
      for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
      expect((embed.fields ?? []).length).toBeLessThanOrEqual(25);
      const total = [embed.title, embed.description, embed.footer?.text, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])].join("").length;
      expect(total).toBeLessThanOrEqual(6000);
      const shown = quotesOf(embed);
      expect(shown.length).toBeGreaterThan(0);
      const sourceLines = (embed.fields ?? []).flatMap((field) => field.value.split("\n"));
      for (const quote of shown) {
        expect(quote.text).toBe(quotes[quote.citation - 1]!.text);
        expect(sourceLines.some((line) => line.startsWith(`[${quote.citation}] `))).toBe(true);
      }
      expect(embed.footer?.text).toMatch(new RegExp(`^from ${sourceLines.length} articles · newest `));

      // And Discord (the fake, as strict) takes it.
      const channel = harness.bot.client.channels.cache.get(general);
      if (channel?.type !== ChannelType.GuildText) throw new Error("#general is not cached");
      await channel.send({ embeds: [embed] });
    });

    it("never let any message ping anyone, and Discord rejected nothing the bot sent", () => {
      expectNothingPingedOrRejected(fake);
    });
  });
});

describe("a bot without Q&A channels", () => {
  let harness: TestBot;

  beforeAll(async () => {
    harness = await startTestBot({ threads: false });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("does not request the privileged MessageContent intent, and still answers mentions", async () => {
    const { fake } = harness;
    const intents = identifiedIntents(fake);
    expect(intents & GatewayIntentBits.MessageContent).toBe(0);
    expect(intents & GatewayIntentBits.GuildMessages).toBeTruthy();

    const question = fake.sendMessage({ content: `<@${fake.botUserId}> ${KREMLIN_QUESTION}`, channelId: fake.channelId("news") });
    const reply = await question.waitForReply();
    expect(quotesOf(embedOf(reply.body))[0]?.text).toContain("would welcome a ceasefire");
    expectNothingPingedOrRejected(fake);
  });
});

describe("failures", () => {
  let harness: TestBot;
  let fake: FakeDiscord;

  beforeAll(async () => {
    harness = await startTestBot({ qaChannels: ["news"], threads: false });
    fake = harness.fake;
  });

  afterAll(async () => {
    await harness?.close();
  });

  beforeEach(() => harness.clock.advance(60_000));

  function errorLogged(command: string) {
    return harness.logs.waitFor((entry) => entry.level === PINO_LEVEL.error && entry.command === command && entry.msg === "command failed");
  }

  it("turns a backend failure into one ephemeral apology and a logged stack", async () => {
    const restore = replaceServices(harness.services, { embedder: () => Promise.reject(new Error("embedding backend is down")) });
    try {
      const ask = fake.chatInputInteraction({ name: "ask", options: { question: KREMLIN_QUESTION } });
      const callback = (await ask.waitForCallback()).body;
      expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(callback.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(callback.data.content).toMatch(SORRY);
      const logged = await errorLogged("ask");
      expect(logged.err?.message).toBe("embedding backend is down");
      expect(logged.err?.stack).toContain("Error: embedding backend is down");
      expect(callbacksOf(ask.requests())).toHaveLength(1);
    } finally {
      restore();
    }
  });

  it("edits the deferred reply into the apology when slow work then fails", async () => {
    const gate = createGate();
    const restore = replaceServices(harness.services, {
      replyBudgetMs: 0,
      embedder: () => gate.opened.then(() => Promise.reject(new Error("the model crashed"))),
    });
    try {
      const search = fake.chatInputInteraction({ name: "search", options: { query: "Kremlin" } });
      expect((await search.waitForCallback()).body.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
      gate.open();
      const edit = await search.waitForOriginalEdit();
      expect(edit.body.content).toMatch(SORRY);
      expect(edit.body.embeds).toEqual([]);
      expect(edit.body.components).toEqual([]);
      expect((await errorLogged("search")).err?.message).toBe("the model crashed");
      expect(callbacksOf(search.requests())).toHaveLength(1);
    } finally {
      restore();
    }
  });

  it("apologises when the store was closed under a command, and for a channel question", async () => {
    const closedDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-closed-store-"));
    const closed = openStore(closedDir);
    closeStore(closed);
    const restore = replaceServices(harness.services, { store: closed });
    try {
      const sources = fake.chatInputInteraction({ name: "sources" });
      const callback = (await sources.waitForCallback()).body;
      expect(callback.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(callback.data.content).toMatch(SORRY);
      expect((await errorLogged("sources")).err?.message).toMatch(/database connection is not open/);

      const question = fake.sendMessage({ content: KREMLIN_QUESTION, channelId: fake.channelId("news") });
      const reply = await question.waitForReply();
      expect(reply.body.content).toMatch(SORRY);
      expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
      const logged = await harness.logs.waitFor((entry) => entry.level === PINO_LEVEL.error && entry.msg === "could not answer a channel question");
      expect(logged.err?.stack).toBeDefined();
    } finally {
      restore();
      fs.rmSync(closedDir, { recursive: true, force: true });
    }
  });

  it("never acknowledged an interaction twice", () => {
    expect(fake.requests.filter((request) => request.code === 40060)).toEqual([]);
    expectNothingPingedOrRejected(fake);
  });
});

describe("rate limits", () => {
  let harness: TestBot;

  beforeAll(async () => {
    harness = await startTestBot({ threads: false });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("retries a channel reply after Discord's Retry-After, and posts it once", async () => {
    const { fake } = harness;
    const post = "POST /channels/:channelId/messages";
    fake.rateLimitNext(post);
    const question = fake.sendMessage({ content: `<@${fake.botUserId}> ${KREMLIN_QUESTION}` });
    const sent = await fake.waitForRequest((request) => request.route === post && request.status === 200);
    expect(sent.body.message_reference.message_id).toBe(question.id);
    expect(fake.requests.filter((request) => request.route === post).map((request) => request.status)).toEqual([429, 200]);
    const replies = fake.channelMessages(question.channelId).filter((message) => (message.message_reference as { message_id?: string })?.message_id === question.id);
    expect(replies).toHaveLength(1);
  });

  it("retries a rate-limited interaction response, which still counts as one acknowledgement", async () => {
    const { fake } = harness;
    fake.rateLimitNext(CALLBACK);
    const ask = fake.chatInputInteraction({ name: "ask", options: { question: KREMLIN_QUESTION } });
    await fake.waitForRequest((request) => request.route === CALLBACK && request.params.interactionId === ask.id && request.status === 204);
    expect(callbacksOf(ask.requests()).map((request) => request.status)).toEqual([429, 204]);
    expect(quotesOf(embedOf(originalMessage(ask)))[0]?.text).toContain("would welcome a ceasefire");
    expectNoPings(fake);
  });
});

describe("graceful shutdown", () => {
  it("finishes the answer in flight, takes no new work, then closes the gateway", async () => {
    const harness = await startTestBot();
    const { fake, services } = harness;
    try {
      const gate = createGate();
      const started = createGate();
      const realEmbedder = services.embedder;
      services.embedder = () => {
        started.open();
        return gate.opened.then(realEmbedder);
      };
      const inFlight = fake.chatInputInteraction({ name: "ask", options: { question: KREMLIN_QUESTION } });
      await started.opened;

      const stopped = harness.bot.stop();
      const tooLate = fake.chatInputInteraction({ name: "help" });
      await harness.logs.waitFor((entry) => entry.msg === "shutting down: an incoming event was not handled");
      // Noted as the answer arrives, before the bot has even seen Discord's response to it.
      const answered = fake
        .waitForRequest((request) => request.route === CALLBACK && request.params.interactionId === inFlight.id)
        .then((request) => ({ request, gatewayConnections: fake.openGatewayConnections }));
      gate.open();
      const answer = await answered;
      await stopped;

      expect(answer.gatewayConnections).toBe(1);
      expect(answer.request.status).toBe(204);
      expect(quotesOf(embedOf(answer.request.body.data))[0]?.text).toContain("would welcome a ceasefire");
      expect(tooLate.requests()).toEqual([]);
      await fake.waitForGatewayDisconnect();
      expect(fake.openGatewayConnections).toBe(0);
      expect(harness.bot.client.isReady()).toBe(false);
      expectNothingPingedOrRejected(fake);
    } finally {
      await harness.close();
    }
  });
});

/** Runs a command to completion without blocking this process, which serves the fake Discord it talks to. */
function run(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), ...env }, cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("deploy-commands", () => {
  let fake: FakeDiscord;
  let emptyDir: string;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    // The CLI runs here so that no developer's .env leaks into it.
    emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-deploy-"));
  });

  afterAll(async () => {
    await fake?.close();
    fs.rmSync(emptyDir, { recursive: true, force: true });
  });

  const environment = () => ({ DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_URL: fake.api });

  it("registers every command file to one guild when DISCORD_GUILD_ID is set", async () => {
    const result = await deployCommands(loadConfig({ ...environment(), DISCORD_GUILD_ID: fake.guildId }));
    expect(result).toEqual({ count: COMMAND_NAMES.length, scope: `guild ${fake.guildId}` });
    const put = await fake.waitForRequest("PUT /applications/:applicationId/guilds/:guildId/commands");
    expect(put.status).toBe(200);
    expect(put.params).toEqual({ applicationId: fake.applicationId, guildId: fake.guildId });

    const registered = fake.registeredCommands(fake.guildId);
    expect(registered.map((command) => command.name).sort()).toEqual(COMMAND_NAMES);
    const byName = Object.fromEntries(registered.map((command) => [command.name, command as Record<string, any>]));
    expect(byName.ask!.options.map((option: Record<string, unknown>) => [option.name, option.type, option.required ?? false])).toEqual([
      ["question", 3, true],
      ["since", 3, false],
      ["until", 3, false],
      ["source", 3, false],
      ["private", 5, false],
    ]);
    expect(byName.ask!.options[0].max_length).toBe(1000);
    expect(byName.search!.options).toMatchObject([
      { name: "query", type: 3, required: true },
      { name: "limit", type: 4, min_value: 1, max_value: 50 },
    ]);
    expect(byName.article!.options).toMatchObject([{ name: "title", type: 3, required: true, autocomplete: true }]);
    for (const name of ["ask", "search", "article", "sources", "help"]) expect(byName[name]!.description.length).toBeGreaterThan(0);
    expect(fake.registeredCommands()).toEqual([]);
  });

  it("registers globally without DISCORD_GUILD_ID", async () => {
    const result = await deployCommands(loadConfig(environment()));
    expect(result.scope).toMatch(/^globally/);
    const put = await fake.waitForRequest("PUT /applications/:applicationId/commands");
    expect(put.status).toBe(200);
    expect(fake.registeredCommands().map((command) => command.name).sort()).toEqual(COMMAND_NAMES);
  });

  it("works as the CLI, and fails with one line when DISCORD_CLIENT_ID is missing", async () => {
    const tsx = path.join(PROJECT_ROOT, "node_modules/.bin/tsx");
    const main = path.join(PROJECT_ROOT, "src/cli/main.ts");
    const putsBefore = fake.requests.filter((request) => request.method === "PUT").length;

    const deployed = await run(tsx, [main, "deploy-commands"], environment(), emptyDir);
    expect(deployed.stderr).toBe("");
    expect(deployed.stdout).toBe(`registered ${COMMAND_NAMES.length} slash commands globally (may take up to an hour to appear)\n`);
    expect(deployed.code).toBe(0);
    expect(fake.requests.filter((request) => request.method === "PUT")).toHaveLength(putsBefore + 1);

    const { DISCORD_CLIENT_ID: _, ...withoutClientId } = environment();
    const failed = await run(tsx, [main, "deploy-commands"], withoutClientId, emptyDir);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/^newsdesk: DISCORD_CLIENT_ID is not set; [^\n]+\n$/);
    expect(fake.requests.filter((request) => request.method === "PUT")).toHaveLength(putsBefore + 1);
  });
});
