import readline from "node:readline";
import type { AppContext } from "../app/app-context";
import { fusionWeights } from "../app/fusion-weights";
import { answerQuestion, formatPublished } from "../answers";
import { answerFollowUp, describeCarried } from "../answers/follow-up";
import { searchHybrid } from "../retrieval";
import type { FeedStatus } from "../feeds";
import { readCoverage, readStats } from "../store";
import { isCalendarDate } from "../digest/digest-window";
import { dropControlCharacters } from "../articles/control-characters";

const HELP = [
  "Ask a question in plain words, or use:",
  "  /ask QUESTION     an answer made of quotes from the articles, with sources",
  "  /search QUERY     the best-matching passages",
  "  /digest [DATE]    the digest of yesterday's articles, or of DATE (YYYY-MM-DD)",
  "  /sources          what the index holds, and the state of each feed",
  "  /new              a new conversation: the next question does not follow up the last one",
  "  /help             this help",
  "  /quit             leave (end of input works too)",
].join("\n");

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The digest of a day (yesterday when none) as text, when the digest stage is wired in. */
  digestText?: (date?: string) => Promise<string>;
  /** The feeds being polled, for /sources; undefined when none are configured. */
  feedStatus?: () => FeedStatus[];
}

/** The conversation so far: a question that lacks a subject or dates takes them from the previous one. */
export interface ConsoleConversation {
  /** The previous question as it was asked of the articles (with what it carried); null after /new. */
  previous: string | null;
}

async function searchText(context: AppContext, query: string): Promise<string> {
  const embedder = await context.queryEmbedder();
  const result = await searchHybrid(context.store, embedder, { query, limit: 5 }, fusionWeights(context.config, embedder?.model ?? null));
  if (result.passages.length === 0) return "No passages match.";
  return result.passages
    .map(({ article, chunk }, i) => {
      const details = [article.source, formatPublished(article.published)].filter(Boolean).join(", ");
      const snippet = chunk.text.replace(/\s+/g, " ");
      return `${i + 1}. ${article.title}${details ? ` — ${details}` : ""}${article.url ? ` <${article.url}>` : ""}\n   ${snippet.length > 240 ? `${snippet.slice(0, 240)}…` : snippet}`;
    })
    .join("\n");
}

function feedLine(feed: FeedStatus): string {
  const state = feed.ok
    ? feed.lastSuccessAt
      ? `ok, last read ${feed.lastSuccessAt}`
      : "not read yet"
    : `failing (${feed.consecutiveFailures} in a row): ${feed.lastError ?? "unknown error"}`;
  return `  ${feed.title ? `${feed.title} ` : ""}<${feed.url}> — ${state}${feed.nextPollAt ? `; next poll ${feed.nextPollAt}` : ""}`;
}

function sourcesText(context: AppContext, feedStatus: ConsoleOptions["feedStatus"]): string {
  const stats = readStats(context.store);
  const coverage = readCoverage(context.store);
  const feeds = feedStatus?.() ?? [];
  return [
    `${stats.articles} articles, ${stats.chunks} passages`,
    `dates: ${coverage.oldest ? `${formatPublished(coverage.oldest)} – ${formatPublished(coverage.newest)}` : "none"}`,
    `outlets: ${coverage.outlets.map((outlet) => `${outlet.source} (${outlet.articles})`).join(", ") || "none"}`,
    `search: ${stats.dense ? `keyword + semantic (${stats.model})` : "keyword only"}`,
    `last ingest: ${stats.lastIngest ?? "never"}`,
    feeds.length ? `feeds:\n${feeds.map(feedLine).join("\n")}` : "feeds: none (set FEEDS to poll RSS or Atom feeds)",
  ].join("\n");
}

/** Answers one console line; null for a line that asks to leave. */
export async function respondToLine(
  context: AppContext,
  line: string,
  options: Pick<ConsoleOptions, "digestText" | "feedStatus"> & { conversation?: ConsoleConversation },
): Promise<string | null> {
  const trimmed = line.trim();
  if (trimmed === "") return "";
  const [, command = "", rest = ""] = trimmed.match(/^\/(\w+)\s*(.*)$/s) ?? [null, "ask", trimmed];
  switch (command.toLowerCase()) {
    case "ask": {
      const previous = options.conversation?.previous ?? null;
      const embedder = await context.queryEmbedder();
      const answerContext = {
        store: context.store,
        embedder,
        clock: context.clock,
        timeZone: context.config.digestTimeZone,
        weights: fusionWeights(context.config, embedder?.model ?? null),
      };
      const { answer, followUp } = await answerFollowUp(previous, rest, (asked) => answerQuestion(answerContext, asked));
      if (options.conversation) options.conversation.previous = followUp.question;
      return followUp.carried ? `(↪ ${describeCarried(followUp.carried)})\n${answer.text}` : answer.text;
    }
    case "new":
      if (options.conversation) options.conversation.previous = null;
      return "New conversation: the next question stands on its own.";
    case "search":
      return rest.trim() ? searchText(context, rest) : "Usage: /search QUERY";
    case "digest": {
      if (!options.digestText) return "The digest is not available in this build.";
      const date = rest.trim();
      if (date !== "" && !isCalendarDate(date)) return `"${date}" is not a date; use /digest YYYY-MM-DD, e.g. /digest 2025-06-24, or /digest for yesterday.`;
      return options.digestText(date || undefined);
    }
    case "sources":
      return sourcesText(context, options.feedStatus);
    case "help":
      return HELP;
    case "quit":
    case "exit":
      return null;
    default:
      return `Unknown command /${command}.\n${HELP}`;
  }
}

/**
 * The local console: the same answers as the bot, as text, one line in, one answer out. It ends at end of
 * input, so `echo '/ask …' | npm start` works in scripts.
 */
export async function runConsole(context: AppContext, options: ConsoleOptions): Promise<void> {
  const interactive = Boolean((options.input as NodeJS.ReadStream).isTTY);
  const lines = readline.createInterface({ input: options.input, output: interactive ? options.output : undefined, terminal: interactive });
  // Article text must not drive the terminal (escape sequences, OSC-8 links), whatever the index holds.
  const write = (text: string) => options.output.write(`${dropControlCharacters(text)}\n`);
  if (interactive) {
    write(`newsdesk — ${readStats(context.store).articles} articles. Type a question, or /help.`);
    lines.setPrompt("newsdesk> ");
    lines.prompt();
  }
  const conversation: ConsoleConversation = { previous: null };
  for await (const line of lines) {
    const reply = await respondToLine(context, line, { ...options, conversation }).catch((error: unknown) => {
      context.logger.error({ err: error }, "console command failed");
      return "Something went wrong; see the log above.";
    });
    if (reply === null) break;
    if (reply !== "") write(`${reply}\n`);
    if (interactive) lines.prompt();
  }
  lines.close();
}
