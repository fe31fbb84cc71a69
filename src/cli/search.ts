import { parseArgs } from "node:util";
import type { AppContext } from "../app/app-context";
import { fusionWeights } from "../app/fusion-weights";
import { formatPublished } from "../answers";
import { passageToHit, searchHybrid } from "../retrieval";
import { readJsonLines, writeJsonLine } from "./read-json-lines";
import { dropControlCharacters } from "../articles/control-characters";
import { UsageError } from "./usage-error";
import { warnIfEmptyIndex } from "./empty-index";

export const usage = 'search "QUERY" [-k N] [--json] | search --batch [-k N]';

function parseLimit(value: string | undefined): number {
  const limit = Number(value ?? 5);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError(`-k must be a whole number from 1 to 100, got "${value}"`);
  return limit;
}

export async function runSearch(context: AppContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { k: { type: "string", short: "k" }, json: { type: "boolean", default: false }, batch: { type: "boolean", default: false } },
  });
  const limit = parseLimit(values.k);
  const query = positionals.join(" ");
  if (!values.batch && query.trim() === "") throw new UsageError('search needs a query, e.g. search "ceasefire Iran"');
  if (values.batch && positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}: --batch reads its queries from stdin`);
  warnIfEmptyIndex(context);
  const embedder = await context.queryEmbedder();
  const search = (query: string) => searchHybrid(context.store, embedder, { query, limit }, fusionWeights(context.config, embedder?.model ?? null));

  if (values.batch) {
    for await (const line of readJsonLines()) {
      if ("error" in line) {
        writeJsonLine({ id: null, error: line.error, hits: [] });
        continue;
      }
      const { id, query } = line.value;
      if (typeof query !== "string") {
        writeJsonLine({ id: id ?? null, error: 'each line needs a string "query"', hits: [] });
        continue;
      }
      const result = await search(query);
      writeJsonLine({ id: id ?? null, hits: result.passages.map(passageToHit) });
    }
    return 0;
  }

  const result = await search(query);
  if (values.json) {
    writeJsonLine({ query, hits: result.passages.map(passageToHit) });
    return 0;
  }
  if (result.passages.length === 0) process.stdout.write("No passages match.\n");
  result.passages.forEach((passage, i) => {
    const { article, chunk } = passage;
    const details = [article.source, formatPublished(article.published)].filter(Boolean).join(", ");
    const snippet = chunk.text.replace(/\s+/g, " ");
    process.stdout.write(
      dropControlCharacters(`${i + 1}. ${article.title}${details ? ` — ${details}` : ""}${article.url ? ` <${article.url}>` : ""} (score ${passage.score.toFixed(4)})\n` +
        `   ${snippet.length > 300 ? `${snippet.slice(0, 300)}…` : snippet}\n`),
    );
  });
  return 0;
}
