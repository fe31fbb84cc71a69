/**
 * Keyword search against LanceDB's full-text index at several corpus sizes, each size in a process of its own
 * (bench/keyword-peer-worker.ts).
 */
import { runBenchChild } from "./child-process";
import type { KeywordPeerInput, KeywordPeerResult } from "./keyword-peer-worker";

export interface KeywordPeerOptions {
  cacheDir: string;
  sizes: number[];
  queries: number;
  seed: number;
  squadShiftsNewWikiFile: string;
  reutersDir: string;
  progress?: (line: string) => void;
}

export async function measureKeywordPeer(options: KeywordPeerOptions): Promise<KeywordPeerResult[]> {
  // LanceDB sizes its thread pool from the machine; on 2 cores its index build hangs without this.
  process.env.LANCE_CPU_THREADS ??= "2";
  const results: KeywordPeerResult[] = [];
  for (const chunks of options.sizes) {
    options.progress?.(`keyword peer: ${chunks} chunks`);
    const { cacheDir, queries, seed, squadShiftsNewWikiFile, reutersDir } = options;
    const input: KeywordPeerInput = { cacheDir, chunks, queries, seed, squadShiftsNewWikiFile, reutersDir };
    results.push(await runBenchChild<KeywordPeerResult>("keyword-peer-worker.ts", input, { onProgress: options.progress }));
  }
  return results;
}
