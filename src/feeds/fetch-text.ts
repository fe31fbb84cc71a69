import { createRequire } from "node:module";
import type * as undici from "undici";
import { checkedLookup, ipLiteral, PrivateAddressError } from "./private-addresses";

/** A request that gave no usable body; the message is one line fit for logs and /sources. */
import { isPrivateAddress } from "./private-addresses";

export class FetchError extends Error {}

// undici loads with the first feed request, not with the app: a bot or console without feeds never needs it.
const require = createRequire(import.meta.url);

/** Redirects followed per request; each hop's target is checked like the first. */
export const MAX_REDIRECTS = 5;
/** Connecting is quick or not at all; the read timeout is the caller's, and longer. */
const CONNECT_TIMEOUT_MS = 10_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The connections feed requests go through, and the addresses they may not reach. */
export interface FeedNetwork {
  dispatcher: undici.Dispatcher;
  refuses(address: string): boolean;
  close(): Promise<void>;
  /** What sends the requests: the global fetch, or a test's stand-in for the network. */
  fetch: typeof undici.fetch;
}

/**
 * Connections that refuse the addresses `refuses` names (`isPrivateAddress` unless FEEDS_ALLOW_PRIVATE): names
 * are resolved and checked by the socket's own lookup, so the address checked is the address connected to.
 */
export function createFeedNetwork(refuses: (address: string) => boolean, fetchFn?: typeof undici.fetch): FeedNetwork {
  const { Agent, fetch } = require("undici") as typeof undici;
  const dispatcher = new Agent({ connect: { timeout: CONNECT_TIMEOUT_MS, lookup: checkedLookup(refuses) } });
  return { dispatcher, refuses, close: () => dispatcher.close(), fetch: fetchFn ?? fetch };
}

/** The network feeds may use: private and local addresses refused unless `allowPrivate` (FEEDS_ALLOW_PRIVATE). */
export function feedNetwork(allowPrivate: boolean, fetchFn?: typeof undici.fetch): FeedNetwork {
  return createFeedNetwork(allowPrivate ? () => false : isPrivateAddress, fetchFn);
}

export interface FetchTextOptions {
  network: FeedNetwork;
  accept: string;
  timeoutMs: number;
  maxBytes: number;
  /** Aborts the request early (the poller is stopping); such an abort is rethrown as is. */
  signal: AbortSignal;
  headers?: Record<string, string>;
}

export interface FetchedText {
  /** 200-299, or 304 (not modified, empty text) when validators were sent. */
  status: number;
  /** The url after redirects. */
  url: string;
  text: string;
  headers: { get(name: string): string | null };
}

const USER_AGENT = "newsdesk/0.1 (news reader)";

/** The declared charset: HTTP header, then XML declaration or HTML meta in the first bytes; else UTF-8. */
function charsetOf(contentType: string | null, bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  return (
    /charset=["']?([\w.:-]+)/i.exec(contentType ?? "")?.[1] ??
    /<\?xml[^>]*encoding=["']([\w.:-]+)/i.exec(head)?.[1] ??
    /<meta[^>]+charset=["']?([\w.:-]+)/i.exec(head)?.[1] ??
    "utf-8"
  );
}

function decode(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // An unknown label: UTF-8 is what nearly every feed and page really is.
    return new TextDecoder().decode(bytes);
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof FetchError) return error.message;
  const failure = error as Error & { cause?: { code?: string; message?: string } };
  if (failure.cause instanceof PrivateAddressError) return failure.cause.message;
  if (failure.name === "TimeoutError") return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  const cause = failure.cause?.code ?? failure.cause?.message;
  return cause ? `cannot fetch (${cause})` : failure.message;
}

async function readCapped(response: Awaited<ReturnType<typeof undici.fetch>>, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > maxBytes) throw new FetchError(`response is over ${Math.round(maxBytes / 1024 / 1024)} MB`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new FetchError(`response is over ${Math.round(maxBytes / 1024 / 1024)} MB`);
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks);
}

/** The url as a request target: http(s) only, and no refused address literal (sockets look up names only). */
function requestTarget(url: string, refuses: (address: string) => boolean): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new FetchError(`not a URL: ${url.slice(0, 200)}`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new FetchError(`not an http(s) URL: ${target.protocol}`);
  // The URL parser has already turned numeric hosts (2130706433, 0x7f.1) into dotted form.
  const literal = ipLiteral(target.hostname);
  if (literal && refuses(literal)) throw new PrivateAddressError(literal, literal);
  return target;
}

/**
 * GETs a url as text within a time and size limit, decoded by its declared charset. Redirects are followed
 * here, a few hops, each target checked like the first. Throws FetchError (HTTP status, refused address,
 * timeout, network) or, when `signal` aborted, the abort itself.
 */
export async function fetchText(url: string, options: FetchTextOptions): Promise<FetchedText> {
  const { network } = options;
  // A timer held and cleared here: an AbortSignal.timeout nobody references can be collected and never fire.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException("timed out", "TimeoutError")), options.timeoutMs);
  const signal = AbortSignal.any([options.signal, deadline.signal]);
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const target = requestTarget(current, network.refuses);
      const response = await network.fetch(target, {
        headers: { accept: options.accept, "user-agent": USER_AGENT, ...options.headers },
        redirect: "manual",
        signal,
        dispatcher: network.dispatcher,
      });
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel();
        const location = response.headers.get("location");
        if (!location) throw new FetchError(`HTTP ${response.status} redirect without a Location`);
        if (hop === MAX_REDIRECTS) throw new FetchError(`more than ${MAX_REDIRECTS} redirects`);
        current = new URL(location, target).toString();
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel();
        return { status: 304, url: current, text: "", headers: response.headers };
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new FetchError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
      }
      const bytes = await readCapped(response, options.maxBytes);
      const text = decode(bytes, charsetOf(response.headers.get("content-type"), bytes));
      return { status: response.status, url: current, text, headers: response.headers };
    }
  } catch (error) {
    if (options.signal.aborted) throw error;
    if (error instanceof PrivateAddressError) throw new FetchError(error.message);
    throw new FetchError(describeFailure(deadline.signal.aborted ? deadline.signal.reason : error, options.timeoutMs));
  } finally {
    clearTimeout(timer);
  }
}
