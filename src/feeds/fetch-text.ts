/** A request that gave no usable body; the message is one line fit for logs and /sources. */
export class FetchError extends Error {}

export interface FetchTextOptions {
  fetch: typeof fetch;
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
  headers: Headers;
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
  if (failure.name === "TimeoutError") return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  const cause = failure.cause?.code ?? failure.cause?.message;
  return cause ? `cannot fetch (${cause})` : failure.message;
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
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

/**
 * GETs a url as text within a time and size limit, decoded by its declared charset.
 * Throws FetchError (HTTP status, timeout, network) or, when `signal` aborted, the abort itself.
 */
export async function fetchText(url: string, options: FetchTextOptions): Promise<FetchedText> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  try {
    const response = await options.fetch(url, {
      headers: { accept: options.accept, "user-agent": USER_AGENT, ...options.headers },
      redirect: "follow",
      signal,
    });
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 304, url: response.url || url, text: "", headers: response.headers };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
    }
    const bytes = await readCapped(response, options.maxBytes);
    const text = decode(bytes, charsetOf(response.headers.get("content-type"), bytes));
    return { status: response.status, url: response.url || url, text, headers: response.headers };
  } catch (error) {
    if (options.signal.aborted) throw error;
    throw new FetchError(describeFailure(error, options.timeoutMs));
  }
}
