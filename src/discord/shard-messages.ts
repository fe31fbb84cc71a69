import type { FeedPollResult } from "../feeds";

/**
 * What the sharding manager's process (the index's writer) and the shard processes tell each other over IPC.
 * The writer says when articles came in and what a feed poll found, so each shard posts followed questions and
 * announcements for its own servers; a shard asks the writer to poll a feed just added with /feeds add.
 */
export type ToShard = { newsdesk: "articles-ingested" } | { newsdesk: "feeds-polled"; results: FeedPollResult[] };
export type ToManager = { newsdesk: "poll-feeds" };

/**
 * How a shard process exits when Discord or the configuration refused it (token, intents, shard count): starting
 * it again would fail the same way. 78 is EX_CONFIG of sysexits.h.
 */
export const SHARD_REFUSED_EXIT_CODE = 78;

/** IPC also carries discord.js's own messages (_ready, _eval…): only ours have a `newsdesk` field. */
export function isNewsdeskMessage<Message extends { newsdesk: string }>(message: unknown): message is Message {
  return typeof message === "object" && message !== null && typeof (message as { newsdesk?: unknown }).newsdesk === "string";
}
