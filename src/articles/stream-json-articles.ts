import { createReadStream } from "node:fs";
import { articleFromJson, describeJsonError } from "./parse-json";
import type { FailedArticle, ParsedArticle } from "./types";

/** One article of a file read as a stream, or why one part of the file is not an article. */
export type StreamedItem = { article: ParsedArticle } | { failed: FailedArticle };

export interface StreamOptions {
  /** Bytes one article (a line, an array item) may take; a bigger one is listed and skipped, the rest still read. */
  maxArticleBytes: number;
  /** Called as the file is read, with the bytes read so far. */
  onBytes?: (bytesRead: number) => void;
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder("utf-8", { fatal: true });

function formatLimit(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${Math.round(bytes / (1024 * 1024))} MB`;
}

function tooBig(options: StreamOptions): string {
  return `over the ${formatLimit(options.maxArticleBytes)} limit per article; split or shorten it`;
}

/** Bytes collected up to a limit: past it, only the count grows, so one huge article cannot fill memory. */
class BoundedBytes {
  private parts: Buffer[] = [];
  length = 0;
  constructor(private readonly limit: number) {}
  get overflowed(): boolean {
    return this.length > this.limit;
  }
  push(bytes: Buffer): void {
    this.length += bytes.length;
    if (!this.overflowed) this.parts.push(bytes);
    else this.parts = [];
  }
  take(): Buffer {
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    this.length = 0;
    return bytes;
  }
}

function decodeJson(bytes: Buffer): { value: unknown } | { error: string } {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { error: "not valid UTF-8; re-save the file as UTF-8" };
  }
  try {
    return { value: JSON.parse(text.replace(/^\uFEFF/, "")) };
  } catch (error) {
    return { error: `malformed JSON: ${describeJsonError(error, text).replace(/ at line 1,/, " at")}` };
  }
}

/** Chunks of a file with the reader's progress reported after each. */
async function* chunksOf(path: string, options: StreamOptions): AsyncGenerator<Buffer> {
  let bytesRead = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    yield chunk as Buffer;
    bytesRead += (chunk as Buffer).length;
    options.onBytes?.(bytesRead);
  }
}

/**
 * A `.jsonl` file line by line, in memory bounded by the per-article limit whatever the file's size. A bad line
 * is listed with its number (1-based); its position (0-based) is the article's index, as in a whole read.
 */
export async function* streamJsonLines(path: string, options: StreamOptions): AsyncGenerator<StreamedItem> {
  const line = new BoundedBytes(options.maxArticleBytes);
  let index = 0;
  const finish = (): StreamedItem | null => {
    const overflowed = line.overflowed;
    const bytes = line.take();
    const label = `line ${index + 1}`;
    const at = index;
    index += 1;
    if (overflowed) return { failed: { path, reason: `${label}: article is ${tooBig(options)}` } };
    if (bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0d)) return null;
    const decoded = decodeJson(bytes);
    if ("error" in decoded) return { failed: { path, reason: `${label}: ${decoded.error}` } };
    const outcome = articleFromJson(decoded.value, path, at);
    return "article" in outcome ? { article: outcome.article } : { failed: { path, reason: `${label}: ${outcome.error}` } };
  };
  for await (const chunk of chunksOf(path, options)) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      line.push(chunk.subarray(start, end));
      const item = finish();
      if (item) yield item;
      start = end + 1;
    }
    if (start < chunk.length) line.push(chunk.subarray(start));
  }
  if (line.length > 0) {
    const item = finish();
    if (item) yield item;
  }
}

const enum Byte {
  Quote = 0x22,
  Backslash = 0x5c,
  Comma = 0x2c,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
  OpenBracket = 0x5b,
  CloseBracket = 0x5d,
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * The items of a `.json` file holding one array, read as a stream: each item is cut out by tracking strings and
 * nesting, then parsed on its own, so memory is bounded by the per-article limit. A file that is not an array
 * (one article bigger than the limit) is one failure.
 */
export async function* streamJsonArray(path: string, options: StreamOptions): AsyncGenerator<StreamedItem> {
  const item = new BoundedBytes(options.maxArticleBytes);
  let index = 0;
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let skippedBom = false;
  const finish = (): StreamedItem | null => {
    const overflowed = item.overflowed;
    const bytes = item.take();
    const label = `item ${index + 1}`;
    const at = index;
    if (overflowed) {
      index += 1;
      return { failed: { path, reason: `${label}: article is ${tooBig(options)}` } };
    }
    if (bytes.every(isWhitespace)) return null;
    index += 1;
    const decoded = decodeJson(bytes);
    if ("error" in decoded) return { failed: { path, reason: `${label}: ${decoded.error}` } };
    const outcome = articleFromJson(decoded.value, path, at);
    return "article" in outcome ? { article: outcome.article } : { failed: { path, reason: `${label}: ${outcome.error}` } };
  };

  for await (let chunk of chunksOf(path, options)) {
    if (!skippedBom) {
      skippedBom = true;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    let itemStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (ended) {
        if (!isWhitespace(byte)) {
          yield { failed: { path, reason: "malformed JSON: text after the array's closing ]" } };
          return;
        }
        continue;
      }
      if (!started) {
        if (isWhitespace(byte)) continue;
        if (byte !== Byte.OpenBracket) {
          yield { failed: { path, reason: `not an array of articles, and one article is ${tooBig(options)}` } };
          return;
        }
        started = true;
        itemStart = i + 1;
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === Byte.Backslash) escaped = true;
        else if (byte === Byte.Quote) inString = false;
        continue;
      }
      if (byte === Byte.Quote) inString = true;
      else if (byte === Byte.OpenBrace || byte === Byte.OpenBracket) depth += 1;
      else if ((byte === Byte.CloseBrace || byte === Byte.CloseBracket) && depth > 0) depth -= 1;
      else if (depth === 0 && (byte === Byte.Comma || byte === Byte.CloseBracket)) {
        item.push(chunk.subarray(itemStart, i));
        const done = finish();
        if (done) yield done;
        itemStart = i + 1;
        if (byte === Byte.CloseBracket) ended = true;
      }
    }
    if (started && !ended && itemStart < chunk.length) item.push(chunk.subarray(itemStart));
  }
  if (!ended) yield { failed: { path, reason: "malformed JSON: the file ends inside the array; it may be cut short" } };
}
