import type { Passage } from "../retrieval/types";
import type { Citation } from "./types";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "24 Jun 2025" from an ISO date or date-time (the calendar date as published). */
export function formatPublished(published: string | null): string | null {
  const match = published?.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (!match) return null;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

/** `[n] Title — Outlet, 24 Jun 2025 <url>`: the line a reader follows to check a quote. */
export function formatCitation(citation: Citation): string {
  const details = [citation.source, formatPublished(citation.published)].filter(Boolean).join(", ");
  return `[${citation.citation}] ${citation.title}${details ? ` — ${details}` : ""}${citation.url ? ` <${citation.url}>` : ""}`;
}

/** The citation numbered `citation` for a passage's article. */
export function citationOf(passage: Passage, citation: number): Citation {
  const { id, title, url, published, source } = passage.article;
  return { citation, articleId: id, title, url, published, source };
}
