import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One TIME magazine article; `id` is its 1-based position in TIME.ALL, the key TIME.REL uses. */
export interface TimeDocument {
  id: string;
  /** Issue date, `YYYY-MM-DD`. */
  date: string;
  text: string;
}

export interface TimeQuery {
  id: string;
  text: string;
}

export interface TimeCollection {
  documents: TimeDocument[];
  queries: TimeQuery[];
  /** Query id → ids of the documents judged relevant to it; a query left with no judgment in range has no entry. */
  relevant: Map<string, Set<string>>;
  /** TIME.STP, lowercased to match lowercased tokens. */
  stopWords: Set<string>;
}

// `*TEXT 017 01/04/63 PAGE 020`; one header writes the date `08/30 63` and some pad with extra spaces.
const TEXT_HEADER = /^\*TEXT\s+\d+\s+(\d\d)\/(\d\d)[/ ](\d\d)\s+PAGE\s+\d+\s*$/;
const FIND_HEADER = /^\*FIND\s+(\d+)\s*$/;

export function loadTimeCollection(dir: string): TimeCollection {
  const read = (name: string) => readFileSync(join(dir, name), "latin1");
  const documents = parseTimeArticles(read("TIME.ALL"));
  return {
    documents,
    queries: parseTimeQueries(read("TIME.QUE")),
    relevant: parseTimeJudgments(read("TIME.REL"), documents.length),
    stopWords: new Set(read("TIME.STP").split(/\s+/).filter(Boolean).map((word) => word.toLowerCase())),
  };
}

/** Splits a file of `*MARKER` blocks (ending with `*STOP`) into header line and whitespace-collapsed body. */
function splitStarBlocks(content: string): { header: string; text: string }[] {
  const blocks: { header: string; lines: string[] }[] = [];
  for (const line of content.split("\n")) {
    if (line.startsWith("*STOP")) break;
    if (line.startsWith("*")) blocks.push({ header: line, lines: [] });
    else blocks.at(-1)?.lines.push(line);
  }
  return blocks.map(({ header, lines }) => ({ header, text: lines.join(" ").replace(/\s+/g, " ").trim() }));
}

function parseTimeArticles(content: string): TimeDocument[] {
  return splitStarBlocks(content).map(({ header, text }, index) => {
    const match = TEXT_HEADER.exec(header);
    if (!match) throw new Error(`TIME.ALL: unreadable article header ${JSON.stringify(header)}`);
    const [, month, day, year] = match;
    return { id: String(index + 1), date: `19${year}-${month}-${day}`, text };
  });
}

function parseTimeQueries(content: string): TimeQuery[] {
  return splitStarBlocks(content).map(({ header, text }) => {
    const match = FIND_HEADER.exec(header);
    if (!match) throw new Error(`TIME.QUE: unreadable query header ${JSON.stringify(header)}`);
    return { id: String(Number(match[1])), text };
  });
}

/** Lines `qid doc doc ...`; judgments naming a position past the last article are dropped (3 in TIME.REL). */
function parseTimeJudgments(content: string, documentCount: number): Map<string, Set<string>> {
  const relevant = new Map<string, Set<string>>();
  for (const line of content.split("\n")) {
    const [queryId, ...docPositions] = line.trim().split(/\s+/).filter(Boolean).map(Number);
    if (queryId === undefined) continue;
    const docIds = docPositions.filter((position) => position >= 1 && position <= documentCount).map(String);
    if (docIds.length > 0) relevant.set(String(queryId), new Set(docIds));
  }
  return relevant;
}
