import { boilerplateParagraphs, type BoilerplateTest } from "../answers/boilerplate";
import { outletFromUrl } from "../articles/outlet-names";
import type { Embedder } from "../embeddings/types";
import { listArticlesBetween, readDocumentFrequencies, type Store, type StoredArticle } from "../store";
import { dateOnlyDaysIn } from "./digest-window";
import { groupStories, mostRepresentative, type StoryThresholds } from "./group-stories";
import { leadSentences, leadText, pickLeadQuotes } from "./pick-lead-quotes";
import { anchoredPairs, contentStems, nameStems, pairKey, termSimilarities, termVectors, vectorSimilarities, type SeedTest, type SimilarityGraph, type StoryText } from "./story-similarity";
import type { Digest, DigestArticle, DigestItem, DigestQuote } from "./types";

export const DEFAULT_MAX_STORIES = 10;
/**
 * Term-vector (title + lead, cosine) thresholds, calibrated on 100 hand-labelled pairs of Reuters-21578 stories
 * from four days. A pair at 0.35 that shares an anchor is the same story 84% of the time, catching 70% of the
 * same-story pairs, whether the index holds the whole collection or only two days (81% / 68%); a lower pair
 * threshold merged formulaic reports (bond issues, results) and a higher one split stories. Groups only need
 * 0.25 on average: a big story's later angles are less alike its lead than any two close reports.
 */
export const TERM_SAME_STORY: StoryThresholds = { pair: 0.35, group: 0.25 };
/** A word in at most this share of the index's chunks (idf ≥ 6) is rare enough to tie two reports together… */
const RARE_WORD_SHARE = 1 / 150;
/** …and a name both leads give, in at most this share. */
const SHARED_NAME_SHARE = 1 / 50;
/** Either way, a stem in this few chunks is an anchor, so a small index has some. */
const ANCHOR_MIN_CHUNKS = 10;
/** For unit-length sentence embeddings (all-MiniLM-L6-v2 class models): set by judgement, no model being available offline. */
export const DENSE_SAME_STORY: StoryThresholds = { pair: 0.72, group: 0.6 };
/**
 * A report without a prose lead (a bare headline over a table) only starts a story with a near-identical
 * headline: "<X> 3RD QTR NET" is alike for every company. Term and dense scales.
 */
const HEADLINE_ONLY_PAIR = { term: 0.6, dense: 0.9 };

export interface BuildDigestOptions {
  from: string;
  to: string;
  /** Which calendar day a date-only `published` falls on; UTC unless given. */
  timeZone?: string;
  maxStories?: number;
  /** Compares stories by embedding when given; by weighted words otherwise. */
  embedder?: Embedder | null;
}

/** A story before capping: its articles, the representative first, and what it is ranked by. */
interface Story {
  members: StoredArticle[];
  cited: DigestArticle[];
  outlets: number;
  newest: string;
}

/** Outlets an item cites: named sources, else the site of the link, else each article its own outlet. */
export function countOutlets(articles: DigestArticle[]): number {
  return new Set(articles.map((article) => article.source ?? outletFromUrl(article.url) ?? article.articleId)).size;
}

function toDigestArticle(article: StoredArticle): DigestArticle {
  const url = article.url ?? article.urls[0] ?? null;
  return { articleId: article.id, title: article.title, url, published: article.published, source: article.source ?? outletFromUrl(url) };
}

/**
 * Which shared stems tie two reports to one story: a word rare in the index, or a name both leads give that
 * is not everywhere in it. Thresholds are shares of the index's chunks, with a floor so a small index has some.
 */
function anchorTest(texts: StoryText[], frequencies: Map<string, number>, chunks: number): (stem: string, i: number, j: number) => boolean {
  const rareLimit = Math.max(ANCHOR_MIN_CHUNKS, chunks * RARE_WORD_SHARE);
  const nameLimit = Math.max(ANCHOR_MIN_CHUNKS, chunks * SHARED_NAME_SHARE);
  return (stem, i, j) => {
    const frequency = frequencies.get(stem) ?? 0;
    return frequency <= rareLimit || (frequency <= nameLimit && texts[i]!.names.has(stem) && texts[j]!.names.has(stem));
  };
}

async function similaritiesOf(store: Store, texts: StoryText[], embedder: Embedder | null): Promise<{ graph: SimilarityGraph; thresholds: StoryThresholds }> {
  const { chunks, frequencies } = readDocumentFrequencies(
    store,
    texts.flatMap(({ title, lead }) => contentStems(`${title} ${lead}`)),
  );
  // A word common in the news says little about which story a text tells.
  const terms = termVectors(texts, (stem) => Math.log((chunks + 1) / ((frequencies.get(stem) ?? 0) + 1)) + 1);
  // Dense or not, two reports only start a story when they share an anchor, so formulaic reports stay apart.
  const anchored = anchoredPairs(terms, anchorTest(texts, frequencies, chunks));
  const thresholds = embedder ? DENSE_SAME_STORY : TERM_SAME_STORY;
  const headlineOnlyPair = embedder ? HEADLINE_ONLY_PAIR.dense : HEADLINE_ONLY_PAIR.term;
  const canSeed: SeedTest = (i, j, similarity) =>
    anchored.has(pairKey(texts.length, i, j)) && ((texts[i]!.lead !== "" && texts[j]!.lead !== "") || similarity >= headlineOnlyPair);
  if (!embedder) return { graph: termSimilarities(terms, canSeed), thresholds };
  const vectors = await embedder.embed(
    texts.map(({ title, lead }) => `${title}\n${lead}`),
    "passage",
  );
  return { graph: vectorSimilarities(vectors, canSeed), thresholds };
}

function storyOf(articles: StoredArticle[], group: number[], graph: SimilarityGraph): Story {
  const representative = mostRepresentative(graph, group);
  const others = group
    .filter((i) => i !== representative)
    .sort((a, b) => graph.similarity(representative, b) - graph.similarity(representative, a));
  const members = [representative, ...others].map((i) => articles[i]!);
  const cited = members.map(toDigestArticle);
  return {
    members,
    cited,
    outlets: countOutlets(cited),
    newest: members.map((article) => article.published ?? article.ingestedAt).sort().at(-1)!,
  };
}

function itemOf(story: Story, isBoilerplate: BoilerplateTest): DigestItem {
  let quotes: DigestQuote[] = [];
  // A lead without prose (a results table) gives no quote: the next closest article may have one.
  for (const article of story.members) {
    quotes = pickLeadQuotes(article, (at) => isBoilerplate(article, at));
    if (quotes.length > 0) break;
  }
  return { headline: story.members[0]!.title, quotes, articles: story.cited };
}

/** Most outlets first, then most articles, then the most recent. */
function compareStories(a: Story, b: Story): number {
  return b.outlets - a.outlets || b.members.length - a.members.length || b.newest.localeCompare(a.newest);
}

/**
 * The digest of the articles published (or, if undated, ingested) in [from, to): one item per story, each
 * article in at most one, the biggest stories first, capped at `maxStories` with the rest counted.
 */
export async function buildDigest(store: Store, options: BuildDigestOptions): Promise<Digest> {
  const { from, to } = options;
  const maxStories = options.maxStories ?? DEFAULT_MAX_STORIES;
  const articles = listArticlesBetween(store, from, to, dateOnlyDaysIn({ from, to, timeZone: options.timeZone ?? "UTC" }));
  if (articles.length === 0) return { from, to, items: [], moreStories: 0 };
  const isBoilerplate = boilerplateParagraphs(store);
  const texts = articles.map((article) => {
    const sentences = leadSentences(article.text, (at) => isBoilerplate(article, at));
    return { title: article.title, lead: leadText(sentences), names: nameStems(sentences) };
  });
  const { graph, thresholds } = await similaritiesOf(store, texts, options.embedder ?? null);
  const stories = groupStories(graph, thresholds)
    .map((group) => storyOf(articles, group, graph))
    .sort(compareStories);
  return { from, to, items: stories.slice(0, maxStories).map((story) => itemOf(story, isBoilerplate)), moreStories: Math.max(0, stories.length - maxStories) };
}

/** The `digest --json` shape of CONTRACT.md: the renderers' extras left out. */
export function digestToJson(digest: Digest) {
  return { from: digest.from, to: digest.to, items: digest.items };
}
