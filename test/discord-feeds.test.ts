import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermissionFlagsBits } from "discord.js";
import { announcementEmbed } from "../src/discord/announce-feeds";
import { findArticlesByTitle } from "../src/store";
import { listFeeds } from "../src/store/feed-list";
import { PINO_LEVEL, sentMessageBodies, startTestBot, type TestBot } from "./support/bot-harness";
import { finalReply, isEphemeral, replyText, slashCommand } from "./support/discord-interactions";

const MANAGER = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
const MEMBER = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
const FEED = "https://wire.example.com/rss.xml";
const MIRROR = "https://mirror.example.org/feed.xml";

const paragraphs = (...lines: string[]) => lines.map((line) => `<p>${line}</p>`).join("");
const LIGHTHOUSE_TEXT = paragraphs(
  "The Skerryvore lighthouse keepers' cottages will reopen as a museum in the spring, the island trust said on Monday.",
  "The trust said restoration of the granite cottages had taken four years and cost 2.1 million pounds, most of it raised from local donors.",
  "Visitors will be able to climb the tower on guided tours twice a day during the summer season, weather permitting, according to the trust.",
);
const FERRY_TEXT = paragraphs(
  "The Orkney ferry operator will add a third daily crossing to Stromness from June, its chief executive said on Tuesday.",
  "The extra sailing follows a record summer in which cars were turned away from the pier on forty separate days, the operator said.",
  "Islanders welcomed the change but said the timetable still left no crossing late enough for hospital visits on the mainland.",
);

function item(guid: string, title: string, html: string, published: string): string {
  return `<item><guid isPermaLink="false">${guid}</guid><title>${title}</title><link>https://wire.example.com/${guid}</link><pubDate>${published}</pubDate><content:encoded><![CDATA[${html}]]></content:encoded></item>`;
}

function rss(title: string, items: string[]): string {
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${title}</title><link>https://wire.example.com/</link>${items.join("")}</channel></rss>`;
}

/** The feeds as the fake fetch serves them; tests change them between polls. */
const served = new Map<string, string>();
const fetched: string[] = [];
const fakeFetch: typeof fetch = async (input) => {
  const url = String(input);
  fetched.push(url);
  const body = served.get(url);
  return body === undefined ? new Response("not found", { status: 404 }) : new Response(body, { headers: { "content-type": "application/rss+xml" } });
};

describe("feeds managed from Discord", () => {
  let harness: TestBot;
  let general: string;
  let news: string;

  beforeAll(async () => {
    served.set(FEED, rss("Island Wire", [item("lighthouse-1", "Lighthouse cottages to reopen as museum", LIGHTHOUSE_TEXT, "Mon, 05 Jan 2026 09:00:00 GMT")]));
    harness = await startTestBot({ feedFetch: fakeFetch });
    general = harness.fake.channelId("general");
    news = harness.fake.channelId("news");
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("refuses members without Manage Server with one private line, and changes nothing", async () => {
    const reply = await finalReply(slashCommand(harness.fake, { name: "feeds", subcommand: "add", channelId: general, permissions: MEMBER, options: { url: FEED } }));
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toMatch(/^Only members with \*\*Manage Server\*\* can manage feeds; ask a server admin\.$/);
    expect(listFeeds(harness.context.store)).toEqual([]);
  });

  it("says what is wrong with a URL that is not one", async () => {
    const reply = await finalReply(slashCommand(harness.fake, { name: "feeds", subcommand: "add", channelId: general, permissions: MANAGER, options: { url: "wire dot com" } }));
    expect(reply.content).toMatch(/is not a URL; give the feed's full address/);
  });

  it("/feeds test shows the newest item as it would be stored, and saves nothing", async () => {
    const reply = await finalReply(slashCommand(harness.fake, { name: "feeds", subcommand: "test", channelId: general, permissions: MANAGER, options: { url: FEED } }));
    expect(isEphemeral(reply)).toBe(true);
    const text = replyText(reply);
    expect(text).toContain("Island Wire");
    expect(text).toContain("Nothing was saved");
    expect(text).toContain("Lighthouse cottages to reopen as museum");
    expect(text).toContain("Skerryvore lighthouse keepers");
    expect(findArticlesByTitle(harness.context.store, "Lighthouse cottages", 5)).toEqual([]);
    expect(listFeeds(harness.context.store)).toEqual([]);
  });

  it("/feeds add stores the feed and polls it at once, without a restart; /feeds list shows it", async () => {
    const reply = await finalReply(
      slashCommand(harness.fake, { name: "feeds", subcommand: "add", channelId: general, permissions: MANAGER, options: { url: FEED, channel: { channel: news, name: "news" } } }),
    );
    expect(reply.content).toMatch(/^Added <https:\/\/wire\.example\.com\/rss\.xml>\. It is polled now/);
    await harness.logs.waitFor((entry) => entry.msg === "feed polled" && entry.feed === FEED);
    expect(findArticlesByTitle(harness.context.store, "Lighthouse cottages", 5).map((article) => article.title)).toEqual(["Lighthouse cottages to reopen as museum"]);
    // The backlog a feed has when it is added is not news: nothing was announced.
    expect(harness.fake.channelMessages(news)).toEqual([]);

    const list = replyText(await finalReply(slashCommand(harness.fake, { name: "feeds", subcommand: "list", channelId: general, permissions: MANAGER })));
    expect(list).toContain("Island Wire");
    expect(list).toContain("<https://wire.example.com/rss.xml>");
    expect(list).toContain("1 articles");
    expect(list).toContain(`<#${news}>`);
  });

  it("announces each new article once in the feed's channel, syndicated copies included, without pinging", async () => {
    served.set(MIRROR, rss("Mirror", []));
    harness.services.feeds!.add(MIRROR, { guildId: harness.fake.guildId, channelId: news });
    await harness.logs.waitFor((entry) => entry.msg === "feed polled" && entry.feed === MIRROR);

    const ferry = item("ferry-2", "Third daily ferry to Stromness", FERRY_TEXT, "Tue, 06 Jan 2026 09:00:00 GMT");
    served.set(FEED, rss("Island Wire", [ferry, item("lighthouse-1", "Lighthouse cottages to reopen as museum", LIGHTHOUSE_TEXT, "Mon, 05 Jan 2026 09:00:00 GMT")]));
    // The same story under another guid: a syndicated copy of one article.
    served.set(MIRROR, rss("Mirror", [item("mirror-ferry", "Third daily ferry to Stromness", FERRY_TEXT, "Tue, 06 Jan 2026 09:05:00 GMT")]));
    harness.clock.advance(16 * 60_000);
    await harness.services.feeds!.pollDue();

    const announcements = harness.fake.channelMessages(news);
    expect(announcements).toHaveLength(1);
    const embed = announcements[0]!.embeds[0] as { title: string; url: string; description: string; footer: { text: string } };
    expect(embed.title).toBe("Third daily ferry to Stromness");
    expect(["https://wire.example.com/ferry-2", "https://wire.example.com/mirror-ferry"]).toContain(embed.url);
    expect(embed.description).toBe("The Orkney ferry operator will add a third daily crossing to Stromness from June, its chief executive said on Tuesday.");
    expect(embed.footer.text).toMatch(/^(Island Wire|Mirror) · 6 Jan 2026$/);

    harness.clock.advance(16 * 60_000);
    await harness.services.feeds!.pollDue();
    expect(harness.fake.channelMessages(news)).toHaveLength(1);
    for (const { message } of sentMessageBodies(harness.fake)) expect(message.allowed_mentions).toMatchObject({ parse: [] });
  });

  it("/feeds remove stops reading a feed; its articles stay", async () => {
    const reply = await finalReply(slashCommand(harness.fake, { name: "feeds", subcommand: "remove", channelId: general, permissions: MANAGER, options: { url: MIRROR } }));
    expect(reply.content).toBe("Stopped reading <https://mirror.example.org/feed.xml>; its articles stay.");
    expect(listFeeds(harness.context.store).map((feed) => feed.url)).toEqual([FEED]);
    const again = await finalReply(slashCommand(harness.fake, { name: "feeds", subcommand: "remove", channelId: general, permissions: MANAGER, options: { url: MIRROR } }));
    expect(again.content).toMatch(/^I don't read/);
  });

  it("stops announcing in a channel that was deleted, with a logged warning", async () => {
    harness.fake.removeChannel(news);
    served.set(FEED, rss("Island Wire", [item("storm-3", "Storm closes causeway", FERRY_TEXT.replace("Orkney ferry operator", "Orkney council"), "Wed, 07 Jan 2026 09:00:00 GMT")]));
    harness.clock.advance(16 * 60_000);
    await harness.services.feeds!.pollDue();
    const warning = await harness.logs.waitFor((entry) => entry.level === PINO_LEVEL.warn && /announcement channel is gone/.test(entry.msg));
    expect(warning.channelId).toBe(news);
    expect(listFeeds(harness.context.store)[0]!.channelId).toBeNull();
  });
});

describe("an announcement's lead", () => {
  it("passes over a paragraph its outlet prints as boilerplate", () => {
    const promo = "If your day does not start until you are up to speed on the headlines, the Island Wire newsletter is for you.";
    const article = { articleRowid: 7, title: "Harbour wall repairs start", text: `${promo}\n\nRepairs to the harbour wall will start in January, the port authority said.`, url: null, source: "Island Wire", published: null };
    const isPromo = (_: unknown, at: number) => at < promo.length;
    expect(announcementEmbed(article, isPromo).data.description).toBe("Repairs to the harbour wall will start in January, the port authority said.");
    expect(announcementEmbed(article, () => false).data.description).toBe(promo);
  });
});
