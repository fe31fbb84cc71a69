import { parseArgs } from "node:util";
import type { AppContext } from "../app/app-context";
import { readStats } from "../store";

export const usage = "stats [--json]";

export async function runStats(context: AppContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } } });
  const stats = readStats(context.store);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(stats)}\n`);
  } else {
    process.stdout.write(
      [
        `articles: ${stats.articles}`,
        `chunks: ${stats.chunks} (${stats.embeddedChunks} with vectors)`,
        `search: ${stats.dense ? `keyword + semantic (${stats.model})` : "keyword only"}`,
        `last ingest: ${stats.lastIngest ?? "never"}`,
      ].join("\n") + "\n",
    );
  }
  return 0;
}
