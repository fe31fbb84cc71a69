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

// Formats people save articles in that newsdesk does not read: listed under `failed` so none is skipped unseen.
// Other files in a folder (a saved page's images, scripts and styles) are skipped quietly.
const DOCUMENT_EXTENSIONS = new Set([".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".pages"]);

/** Whether a file looks like an article in a format newsdesk does not read. */
export function isUnsupportedDocument(path: string): boolean {
  return DOCUMENT_EXTENSIONS.has(extname(path).toLowerCase());
}

export const UNSUPPORTED_FILE_REASON = `unsupported file type; articles are ${ARTICLE_EXTENSIONS.join(" ")} files`;
