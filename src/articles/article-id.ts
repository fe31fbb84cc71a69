import { createHash } from "node:crypto";

export interface ArticleIdSource {
  /** An id given by the article itself; kept exactly. */
  id?: string | null;
  url?: string | null;
  /** Absolute path of the file the article came from. */
  path: string;
  /** Position of the article in a `.json` array or `.jsonl` file. */
  index?: number;
}

function shortHash(value: string): string {
  return createHash("sha1").update(value).digest("hex").slice(0, 16);
}

/** A url reduced to what identifies the page: lower-case host, no fragment, no utm_* tracking, no trailing slash. */
export function normaliseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return url.trim();
  }
  parsed.hash = "";
  for (const key of [...parsed.searchParams.keys()]) {
    if (key.toLowerCase().startsWith("utm_")) parsed.searchParams.delete(key);
  }
  parsed.pathname = parsed.pathname.replace(/\/+$/, "");
  return parsed.toString().replace(/\/$/, "");
}

/** Whether `id` was derived by `articleId` from a url or a path rather than given by the article. */
export function isDerivedId(id: string): boolean {
  return /^(?:url|file):[0-9a-f]{16}$/.test(id);
}

/**
 * A stable article id: the given id, else `url:<hash of the normalised url>`, else
 * `file:<hash of the path (and item index)>`. The same input gives the same id on every run.
 */
export function articleId({ id, url, path, index }: ArticleIdSource): string {
  if (id) return id;
  if (url) return `url:${shortHash(normaliseUrl(url))}`;
  return `file:${shortHash(index === undefined ? path : `${path}#${index}`)}`;
}
