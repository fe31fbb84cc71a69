/**
 * Articles the bot tests ingest besides the two samples: a series for /search paging and /article
 * autocomplete, one full of mentions and markdown, and one whose single sentence nearly fills an embed.
 */
import fs from "node:fs";
import path from "node:path";

export const HARBOUR_QUESTION = "What did the harbour master post about the lighthouse repairs?";
export const GLACIER_QUESTION = "What did the glacier survey find about the ice shelf?";
export const TUNNEL_QUERY = "tunnel boring";

/** Mention syntax and markdown that must reach Discord inert. */
export const HARBOUR_ARTICLE = {
  id: "harbour-notice",
  title: "Harbour **notice** reaches @everyone",
  url: "https://news.example.test/harbour",
  published: "2025-11-03",
  source: "Harbour _Gazette_",
  text:
    "The harbour master posted a notice about the lighthouse repairs for @everyone and <@123456789012345678> and the " +
    "<@&234567890123456789> crew, in **bold** letters with _underscores_ and `code` and ~~strikes~~ and ||spoilers||.\n\n" +
    "The repairs start next week and will take a month.",
};

export interface TunnelArticle {
  id: string;
  title: string;
  url: string;
  published: string;
  source: string;
  text: string;
}

/** A tiny deterministic PRNG, so the series reads differently from article to article but never between runs. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const SUBJECTS = ["The tunnel boring crew", "A site engineer", "The project office", "The night shift", "A surveyor", "The contractor", "A city councillor", "The safety inspector"];
const VERBS = ["inspected", "reported on", "measured", "repaired", "photographed", "questioned", "praised", "delayed"];
const OBJECTS = ["the cutter head", "the spoil conveyor", "the concrete segments", "the launch shaft", "the grout pumps", "the ventilation fans", "the survey lasers", "the barge schedule"];
const PLACES = ["the old docks", "the north bank", "the rail depot", "the fish market", "the clay seam", "the ferry pier", "the pumping station", "the school yard"];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function paragraph(random: () => number, sentences: number): string {
  const pick = (words: string[]) => words[Math.floor(random() * words.length)]!;
  return Array.from(
    { length: sentences },
    () => `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} near ${pick(PLACES)} on ${pick(DAYS)} as the tunnel boring machine advanced ${Math.floor(random() * 90) + 10} metres.`,
  ).join(" ");
}

/** Four reports on one tunnel, two passages each, from three outlets over four months. */
export const TUNNEL_ARTICLES: TunnelArticle[] = [
  ["2025-09-01", "City Courier"],
  ["2025-10-15", "Metro Daily"],
  ["2025-11-20", "River Post"],
  ["2025-12-05", "City Courier"],
].map(([published, source], i) => {
  const random = seededRandom(i + 1);
  return {
    id: `tunnel-${i + 1}`,
    title: `Tunnel boring machine passes milestone ${i + 1} under the river`,
    url: `https://news.example.test/tunnel/${i + 1}`,
    published: published!,
    source: source!,
    text: [paragraph(random, 9), paragraph(random, 9)].join("\n\n"),
  };
});

/** One sentence of about 4,000 characters, a headline longer than Discord's title limit and a very long url. */
export const GLACIER_ARTICLE = {
  id: "glacier-survey",
  title: `Glacier survey ${"with an extraordinarily long headline ".repeat(8)}`.trim(),
  url: `https://news.example.test/glacier/${"very-long-path-segment/".repeat(40)}`,
  published: "2025-08-08",
  source: "Polar Record",
  text:
    "The glacier survey found that " +
    Array.from({ length: 70 }, (_, i) => `the **ice shelf** at station ${i + 1} retreated by ${i + 3} metres`).join(", ") +
    ".\n\nThe survey team returns next year.",
};

/** Writes the fixture articles as one .jsonl file in `dir` and returns its path. */
export function writeFixtureArticles(dir: string): string {
  const file = path.join(dir, "fixtures.jsonl");
  const articles = [...TUNNEL_ARTICLES, HARBOUR_ARTICLE, GLACIER_ARTICLE];
  fs.writeFileSync(file, `${articles.map((article) => JSON.stringify(article)).join("\n")}\n`);
  return file;
}
