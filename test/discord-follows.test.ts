import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PermissionFlagsBits } from "discord.js";
import { closeStore, openStore } from "../src/store";
import { listFollows } from "../src/store/follows";
import { readChannelSettings } from "../src/store/channel-settings";
import { PINO_LEVEL, sentMessageBodies, startTestBot, type TestBot } from "./support/bot-harness";
import { finalReply, isEphemeral, replyText, slashCommand } from "./support/discord-interactions";

const MANAGER = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
const MEMBER = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
const FEED = "https://wire.example.com/rss.xml";
const QUESTION = "When will the Skerryvore lighthouse cottages reopen?";

const paragraphs = (...lines: string[]) => lines.map((line) => `<p>${line}</p>`).join("");
const FERRY = paragraphs(
  "The Orkney ferry operator will add a third daily crossing to Stromness from June, its chief executive said on Tuesday.",
  "The extra sailing follows a record summer in which cars were turned away from the pier on forty separate days, the operator said.",
  "Islanders welcomed the change but said the timetable still left no crossing late enough for hospital visits on the mainland.",
);
const LIGHTHOUSE = paragraphs(
  "The Skerryvore lighthouse cottages will reopen as a museum in the spring, the island trust said on Monday.",
  "The trust said restoration of the granite buildings had taken four years and cost 2.1 million pounds, most of it raised from local donors.",
  "Visitors will be able to climb the tower on guided tours twice a day during the summer season, weather permitting, according to the trust.",
);
const LIGHTHOUSE_DELAY = paragraphs(
  "The reopening of the Skerryvore lighthouse cottages has been delayed until the autumn after storm damage to the roof, the island trust said.",
  "Contractors found that winter gales had lifted slates from two of the granite buildings, and repairs cannot start before the nesting season ends.",
  "The trust apologised to schools that had booked visits and said tickets already sold would be honoured later in the year.",
);

function item(guid: string, title: string, html: string, published: string): string {
  return `<item><guid isPermaLink="false">${guid}</guid><title>${title}</title><link>https://wire.example.com/${guid}</link><pubDate>${published}</pubDate><content:encoded><![CDATA[${html}]]></content:encoded></item>`;
}
const rss = (items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Island Wire</title><link>https://wire.example.com/</link>${items.join("")}</channel></rss>`;

const FERRY_ITEM = item("ferry-1", "Third daily ferry to Stromness", FERRY, "Mon, 05 Jan 2026 08:00:00 GMT");
const LIGHTHOUSE_ITEM = item("lighthouse-2", "Lighthouse cottages to reopen as museum", LIGHTHOUSE, "Tue, 06 Jan 2026 09:00:00 GMT");
const MIRROR_ITEM = item("lighthouse-mirror", "Lighthouse cottages to reopen as museum", LIGHTHOUSE, "Tue, 06 Jan 2026 09:30:00 GMT");
const DELAY_ITEM = item("lighthouse-3", "Lighthouse museum opening delayed by storm", LIGHTHOUSE_DELAY, "Wed, 07 Jan 2026 09:00:00 GMT");

let served = rss([FERRY_ITEM]);
const fakeFetch: typeof fetch = async () => new Response(served, { headers: { "content-type": "application/rss+xml" } });

describe("following a question", () => {
  let harness: TestBot;
  let general: string;
  let news: string;

  beforeAll(async () => {
    harness = await startTestBot({ feedFetch: fakeFetch, threads: false });
    general = harness.fake.channelId("general");
    news = harness.fake.channelId("news");
    harness.services.feeds!.add(FEED);
    await harness.logs.waitFor((entry) => entry.msg === "feed polled" && entry.feed === FEED);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const poll = async (items: string[]) => {
    served = rss(items);
    harness.clock.advance(16 * 60_000);
    await harness.services.feeds!.pollDue();
  };
  const followPosts = (channelId: string) =>
    harness.fake.channelMessages(channelId).filter((message) => (message.embeds[0] as { title?: string } | undefined)?.title?.startsWith("Following:"));

  beforeEach(() => harness.clock.advance(60_000));

  it("refuses members without Manage Server with one private line", async () => {
    const reply = await finalReply(slashCommand(harness.fake, { name: "follow", subcommand: "question", channelId: general, permissions: MEMBER, options: { question: QUESTION } }));
    expect(isEphemeral(reply)).toBe(true);
    expect(reply.content).toBe("Only members with **Manage Server** can follow a question in a channel; ask a server admin.");
    expect(listFollows(harness.context.store)).toEqual([]);
  });

  it("posts the new verified quote once when a matching article is ingested, and never twice", async () => {
    const reply = await finalReply(slashCommand(harness.fake, { name: "follow", subcommand: "question", channelId: general, permissions: MANAGER, options: { question: QUESTION } }));
    expect(reply.content).toMatch(/^Following \*\*When will the Skerryvore lighthouse cottages reopen\?\*\* here \(#1\)/);
    await finalReply(slashCommand(harness.fake, { name: "follow", subcommand: "question", channelId: news, permissions: MANAGER, options: { question: QUESTION } }));

    await poll([FERRY_ITEM, LIGHTHOUSE_ITEM]);
    const posts = followPosts(general);
    expect(posts).toHaveLength(1);
    const embed = posts[0]!.embeds[0] as { title: string; description: string; fields: { value: string }[] };
    expect(embed.title).toBe(`Following: ${QUESTION}`);
    expect(embed.description).toBe(
      "> The Skerryvore lighthouse cottages will reopen as a museum in the spring, the island trust said on Monday. **[\\[1\\]](https://wire.example.com/lighthouse-2#:~:text=The%20Skerryvore%20lighthouse%20cottages%20will%20reopen)**",
    );
    expect(embed.fields[0]!.value).toContain("Lighthouse cottages to reopen as museum");

    // A syndicated copy, and the same feed polled again: nothing new to post.
    await poll([FERRY_ITEM, LIGHTHOUSE_ITEM, MIRROR_ITEM]);
    expect(followPosts(general)).toHaveLength(1);

    // Another article that answers it: one more post, with its own quote.
    await poll([FERRY_ITEM, LIGHTHOUSE_ITEM, MIRROR_ITEM, DELAY_ITEM]);
    const after = followPosts(general);
    expect(after).toHaveLength(2);
    expect((after[1]!.embeds[0] as { description: string }).description).toMatch(/^> The reopening of the Skerryvore lighthouse cottages has been delayed until the autumn/);
    for (const { message } of sentMessageBodies(harness.fake)) expect(message.allowed_mentions).toMatchObject({ parse: [] });
  });

  it("/follow list shows the channel's questions; follows and settings are in the database, so they survive a restart", async () => {
    const list = await finalReply(slashCommand(harness.fake, { name: "follow", subcommand: "list", channelId: general, permissions: MEMBER }));
    expect(isEphemeral(list)).toBe(true);
    expect(replyText(list)).toContain(`**#1** ${QUESTION}`);

    const reopened = openStore(harness.context.config.indexDir);
    try {
      expect(listFollows(reopened).map((follow) => [follow.channelId, follow.question])).toEqual([
        [general, QUESTION],
        [news, QUESTION],
      ]);
      expect(readChannelSettings(reopened, general)?.threads).toBe(false);
    } finally {
      closeStore(reopened);
    }
  });

  it("stops the follows of a deleted channel with a logged warning, and keeps the others", async () => {
    harness.fake.removeChannel(news);
    await poll([FERRY_ITEM, item("lighthouse-4", "Skerryvore cottages reopen date set", LIGHTHOUSE.replace("in the spring", "on 1 May"), "Thu, 08 Jan 2026 09:00:00 GMT")]);
    const warning = await harness.logs.waitFor((entry) => entry.level === PINO_LEVEL.warn && /followed question is gone/.test(entry.msg));
    expect(warning.channelId).toBe(news);
    expect(listFollows(harness.context.store).map((follow) => follow.channelId)).toEqual([general]);
    expect(followPosts(general)).toHaveLength(3);
  });

  it("posts articles that arrive together as one batch, a quote from each", async () => {
    const museum = paragraphs(
      "Tickets for the Skerryvore lighthouse cottages museum go on sale next week, ahead of its reopening on 1 April, the trust said on Friday.",
      "The trust expects about twelve thousand visitors in the first season and has hired six guides from the island.",
      "School groups will be admitted free of charge on weekday mornings, the trust added.",
    );
    const ferryLink = paragraphs(
      "A new summer ferry will link Oban with the Skerryvore lighthouse cottages once they reopen in April, the operator said on Friday.",
      "The crossing will run three times a week from June and take about two hours each way, weather permitting.",
      "The operator said bookings would open together with the museum's ticket sales.",
    );
    await poll([
      FERRY_ITEM,
      item("lighthouse-5", "Museum tickets on sale", museum, "Fri, 09 Jan 2026 09:00:00 GMT"),
      item("lighthouse-6", "Summer ferry to the lighthouse", ferryLink, "Fri, 09 Jan 2026 10:00:00 GMT"),
    ]);
    const posts = followPosts(general);
    expect(posts).toHaveLength(4);
    const batch = posts[3]!.embeds[0] as { description: string; fields: { value: string }[] };
    expect(batch.description.split("\n\n")).toHaveLength(2);
    expect(batch.fields[0]!.value).toContain("Museum tickets on sale");
    expect(batch.fields[0]!.value).toContain("Summer ferry to the lighthouse");
  });

  it("/unfollow stops following, offering the channel's questions as you type", async () => {
    const suggestions = harness.fake.autocompleteInteraction({ name: "unfollow", channelId: general, focused: { name: "question", value: "skerry" } });
    const callback = await suggestions.waitForCallback();
    expect(callback.body.data.choices).toEqual([{ name: `#1 ${QUESTION}`, value: "1" }]);
    const reply = await finalReply(slashCommand(harness.fake, { name: "unfollow", channelId: general, permissions: MANAGER, options: { question: "1" } }));
    expect(reply.content).toBe("Stopped following that question here.");
    expect(listFollows(harness.context.store)).toEqual([]);
  });
});
