import { open, readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { articleFormat, UNSUPPORTED_FILE_REASON } from "./article-formats";
import { withoutControlCharacters } from "./control-characters";
import { decodeText } from "./decode-text";
import { describeFileError } from "./file-errors";
import { parseTextArticle } from "./parse-text";
import type { StreamedItem } from "./stream-json-articles";
import type { ArticleOutcome, FileReadResult } from "./types";

/** Per file read whole; per article for `.jsonl` and large `.json` arrays, which are streamed. */
const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

/** "50.0 MB" for a file's size; a round limit reads "20 MB"; under a megabyte, kilobytes. */
function formatSize(bytes: number, { round }: { round: boolean }): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  const megabytes = bytes / (1024 * 1024);
  return `${round && Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB`;
}

function single(path: string, outcome: ArticleOutcome): FileReadResult {
  return "article" in outcome ? { path, articles: [outcome.article], failed: [] } : { path, error: outcome.error };
}

/**
 * The articles of one file (`.txt` `.md` `.html` `.htm` `.json` `.jsonl`), without control characters.
 * Never throws: a file that cannot be read gives `{ path, error }`, one line naming the cause and the fix
 * where there is one.
 */
export async function readArticleFile(path: string, options: { maxFileBytes?: number } = {}): Promise<FileReadResult> {
  const result = await readArticles(path, options);
  return "articles" in result ? { ...result, articles: result.articles.map(withoutControlCharacters) } : result;
}

async function readArticles(path: string, options: { maxFileBytes?: number }): Promise<FileReadResult> {
  const absolute = resolve(path);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  try {
    const format = articleFormat(absolute);
    if (!format) return { path: absolute, error: UNSUPPORTED_FILE_REASON };
    const info = await stat(absolute);
    if (!info.isFile()) return { path: absolute, error: "not a regular file" };
    if (info.size > maxFileBytes) {
      return {
        path: absolute,
        error: `file is ${formatSize(info.size, { round: false })}, over the ${formatSize(maxFileBytes, { round: true })} limit; split it`,
      };
    }
    const decoded = decodeText(await readFile(absolute));
    if ("error" in decoded) return { path: absolute, error: decoded.error };
    switch (format) {
      case "text":
        return single(absolute, parseTextArticle(decoded.text, absolute));
      // The HTML and JSON parsers (linkedom, Readability, zod) load on the first such file: a folder of text files
      // and an unchanged folder never need them.
      case "html":
        return single(absolute, await (await import("./parse-html-off-thread")).parseHtmlOffThread(decoded.text, absolute));
      case "json":
        return (await import("./parse-json")).parseJsonArticles(decoded.text, absolute);
      case "jsonl":
        return (await import("./parse-json")).parseJsonLinesArticles(decoded.text, absolute);
    }
  } catch (error) {
    return { path: absolute, error: describeFileError(error) };
  }
}

async function startsWithUtf16Bom(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff));
  } finally {
    await handle.close();
  }
}

/**
 * The articles of one file, one at a time: a `.jsonl` line by line and a `.json` array over the size limit item by
 * item, so a file of any size is read in bounded memory with the limit applying to each article; other files are
 * read whole as by `readArticleFile`. A file that cannot be read at all gives one `{ error }`. Never throws.
 */
export async function* streamArticleFile(
  path: string,
  options: { maxFileBytes?: number; onBytes?: (bytesRead: number) => void } = {},
): AsyncGenerator<StreamedItem | { error: string }> {
  const absolute = resolve(path);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const streamOptions = { maxArticleBytes: maxFileBytes, onBytes: options.onBytes };
  let size = 0;
  try {
    const format = articleFormat(absolute);
    const info = await stat(absolute);
    size = info.size;
    const streamed =
      info.isFile() && info.size > 0 && ((format === "jsonl" && !(await startsWithUtf16Bom(absolute))) || (format === "json" && info.size > maxFileBytes));
    if (streamed) {
      let items = 0;
      // Imported here like the other JSON parsing: the streaming readers bring zod.
      const { streamJsonArray, streamJsonLines } = await import("./stream-json-articles");
      for await (const item of format === "jsonl" ? streamJsonLines(absolute, streamOptions) : streamJsonArray(absolute, streamOptions)) {
        items += 1;
        yield item;
      }
      if (items === 0) yield { error: format === "jsonl" ? "file is empty (only whitespace)" : "no articles: the JSON array is empty" };
      return;
    }
  } catch (error) {
    yield { error: describeFileError(error) };
    return;
  }
  const result = await readArticleFile(absolute, options);
  options.onBytes?.(size);
  if ("error" in result) {
    yield { error: result.error };
    return;
  }
  for (const article of result.articles) yield { article };
  for (const failed of result.failed) yield { failed };
}
