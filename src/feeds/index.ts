export { createFeedPoller, type FeedPoller, type FeedPollerOptions, type FeedPollResult, type FeedStatus } from "./poll-feeds";
