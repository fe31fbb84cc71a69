import type { SimilarityGraph } from "./story-similarity";

/** How alike two reports must be to be one story. */
export interface StoryThresholds {
  /** A pair at least this alike may join their groups… */
  pair: number;
  /** …when the groups' members are on average at least this alike. */
  group: number;
}

/**
 * Groups items that tell the same story: average-link clustering, greedy over the most similar pairs first.
 * Two groups merge through a close pair only when their members are alike on average, so one loose pair
 * cannot chain unrelated stories together. Returns groups of item indexes; every item is in exactly one.
 */
export function groupStories(graph: SimilarityGraph, thresholds: StoryThresholds): number[][] {
  const groupOf = Array.from({ length: graph.size }, (_, item) => item);
  const members = new Map<number, number[]>(groupOf.map((item) => [item, [item]]));
  for (const [i, j] of graph.pairsAtLeast(thresholds.pair)) {
    const a = groupOf[i]!;
    const b = groupOf[j]!;
    if (a === b) continue;
    const left = members.get(a)!;
    const right = members.get(b)!;
    if (averageLink(graph, left, right) < thresholds.group) continue;
    for (const item of right) groupOf[item] = a;
    left.push(...right);
    members.delete(b);
  }
  return [...members.values()].map((group) => group.sort((x, y) => x - y));
}

function averageLink(graph: SimilarityGraph, left: number[], right: number[]): number {
  let sum = 0;
  for (const i of left) for (const j of right) sum += graph.similarity(i, j);
  return sum / (left.length * right.length);
}

/** The member closest to the group's centroid: for unit vectors, the one most similar to all the others. */
export function mostRepresentative(graph: SimilarityGraph, group: number[]): number {
  let best = group[0]!;
  let bestSum = -Infinity;
  for (const i of group) {
    let sum = 0;
    for (const j of group) if (j !== i) sum += graph.similarity(i, j);
    if (sum > bestSum) {
      best = i;
      bestSum = sum;
    }
  }
  return best;
}
