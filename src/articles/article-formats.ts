import { extname } from "node:path";

export type ArticleFormat = "text" | "html" | "json" | "jsonl";

const FORMATS: Record<string, ArticleFormat> = {
  ".txt": "text",
  ".md": "text",
  ".html": "html",
  ".htm": "html",
  ".json": "json",
  ".jsonl": "jsonl",
};

const ARTICLE_EXTENSIONS = Object.keys(FORMATS);

/** How a file's articles are written, from its extension (any case); null when it holds no articles. */
export function articleFormat(path: string): ArticleFormat | null {
  return FORMATS[extname(path).toLowerCase()] ?? null;
}

export const UNSUPPORTED_FILE_REASON = `unsupported file type; articles are ${ARTICLE_EXTENSIONS.join(" ")} files`;
