/** A span of an article's clean text; `text === article.text.slice(start, end)`. */
export interface Chunk {
  index: number;
  start: number;
  end: number;
  text: string;
}
