import type { Chunk } from "./types";

/**
 * What is embedded for a chunk: the article's title and date give a passage the context its own
 * words may lack ("the ministry said on Tuesday"). They are not part of the chunk's text.
 */
export function textToEmbed(article: { title: string; published: string | null }, chunk: Pick<Chunk, "text">): string {
  return [article.title, article.published?.slice(0, 10), chunk.text].filter(Boolean).join("\n");
}
