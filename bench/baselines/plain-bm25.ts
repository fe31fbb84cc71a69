/**
 * A reference BM25 in plain TypeScript, the floor newsdesk's retrieval must beat: lowercased `[a-z0-9]+` tokens,
 * no stemming, optional stop words, Lucene's non-negative idf. Each occurrence of a query term adds its weight again.
 */

export interface PlainBm25Document {
  id: string;
  text: string;
}

export interface PlainBm25Options {
  k1?: number;
  b?: number;
  /** Lowercase words to drop from documents and queries. */
  stopWords?: ReadonlySet<string>;
}

export interface PlainBm25Hit {
  id: string;
  score: number;
}

export interface PlainBm25 {
  /** The `k` best documents sharing a term with `query`, best first; ties keep document order. */
  search(query: string, k: number): PlainBm25Hit[];
}

interface Posting {
  docIndex: number;
  termFrequency: number;
}

export function tokenizePlain(text: string, stopWords?: ReadonlySet<string>): string[] {
  const tokens = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return stopWords ? tokens.filter((token) => !stopWords.has(token)) : tokens;
}

export function createPlainBm25(docs: readonly PlainBm25Document[], options: PlainBm25Options = {}): PlainBm25 {
  const { k1 = 1.2, b = 0.75, stopWords } = options;
  const postings = new Map<string, Posting[]>();
  const lengths = new Float64Array(docs.length);
  docs.forEach((doc, docIndex) => {
    const counts = new Map<string, number>();
    const tokens = tokenizePlain(doc.text, stopWords);
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const [term, termFrequency] of counts) {
      const list = postings.get(term);
      if (list) list.push({ docIndex, termFrequency });
      else postings.set(term, [{ docIndex, termFrequency }]);
    }
    lengths[docIndex] = tokens.length;
  });
  const averageLength = lengths.reduce((sum, length) => sum + length, 0) / Math.max(docs.length, 1);

  return {
    search(query, k) {
      const scores = new Float64Array(docs.length);
      const matched = new Set<number>();
      for (const term of tokenizePlain(query, stopWords)) {
        const list = postings.get(term);
        if (!list) continue;
        const idf = Math.log(1 + (docs.length - list.length + 0.5) / (list.length + 0.5));
        for (const { docIndex, termFrequency } of list) {
          const lengthNorm = 1 - b + (b * lengths[docIndex]!) / averageLength;
          scores[docIndex]! += (idf * termFrequency * (k1 + 1)) / (termFrequency + k1 * lengthNorm);
          matched.add(docIndex);
        }
      }
      // The k best by a running insertion, not a sort of every match: a question of common words matches nearly
      // every document, and sorting them all dominated the news quiz's baseline.
      const ahead = (x: number, y: number) => scores[x]! > scores[y]! || (scores[x] === scores[y] && x < y);
      const top: number[] = [];
      for (const docIndex of matched) {
        if (top.length === k && !ahead(docIndex, top[k - 1]!)) continue;
        let at = Math.min(top.length, k - 1);
        if (top.length < k) top.push(docIndex);
        while (at > 0 && ahead(docIndex, top[at - 1]!)) {
          top[at] = top[at - 1]!;
          at--;
        }
        top[at] = docIndex;
      }
      return top.map((docIndex) => ({ id: docs[docIndex]!.id, score: scores[docIndex]! }));
    },
  };
}
