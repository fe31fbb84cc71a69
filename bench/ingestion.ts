/**
 * Section 2, ingestion: a folder of Reuters articles through `ingestPaths` (read, parse, chunk, embed, store),
 * keyword-only and with each available model, and the embedder alone on the very texts the pipeline embedded,
 * so the pipeline's overhead shows.
 */
import fs from "node:fs";
import path from "node:path";
import { textToEmbed } from "../src/chunking/text-to-embed";
import type { Embedder } from "../src/embeddings";
import { ingestPaths } from "../src/ingest/ingest-paths";
import { closeStore, iterateChunkTexts, openStore, readStats } from "../src/store";
import type { ReutersStory } from "./datasets/reuters";
import { TINY_MODEL_LABEL, type RealModel } from "./embedders";

export interface ModelIngestion {
  model: string;
  kind: "tiny" | "real";
  /** Wall seconds of `ingestPaths` into an empty index, one per run. */
  pipelineSeconds: number[];
  /** Wall seconds of `embedder.embed` over the same chunk texts, one per run. */
  rawSeconds: number[];
}

export interface IngestionResult {
  articles: number;
  chunks: number;
  keywordOnlySeconds: number[];
  models: ModelIngestion[];
  /** Why the real model's row is missing, when it is. */
  realModelNote: string | null;
  /** The last index built with the tiny model, and its articles folder, kept for the Discord section. */
  tinyIndexDir: string;
  articlesDir: string;
}

export interface IngestionOptions {
  workDir: string;
  stories: readonly ReutersStory[];
  /** Not memoized: raw throughput must pay for every text. */
  tiny: Embedder;
  real: RealModel;
  runs: number;
  progress: (line: string) => void;
}

function writeArticleFiles(dir: string, stories: readonly ReutersStory[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const story of stories) {
    const { id, title, text, published, source } = story;
    fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify({ id, title, text, published, source }));
  }
}

async function ingestOnce(indexDir: string, articlesDir: string, embedder: Embedder | null): Promise<{ seconds: number; articles: number; chunks: number }> {
  fs.rmSync(indexDir, { recursive: true, force: true });
  const store = openStore(indexDir);
  const started = performance.now();
  const summary = await ingestPaths(store, { paths: [articlesDir], embedder });
  const seconds = (performance.now() - started) / 1000;
  if (summary.failed.length > 0) throw new Error(`ingestion failed for ${summary.failed.length} files, e.g. ${summary.failed[0]!.reason}`);
  const stats = readStats(store);
  closeStore(store);
  return { seconds, articles: stats.articles, chunks: stats.chunks };
}

/** Exactly what the article writer handed the model: title and date, then the chunk's text. */
function embeddedTexts(indexDir: string): string[] {
  const store = openStore(indexDir);
  const texts = [...iterateChunkTexts(store)].map((chunk) => textToEmbed(chunk, chunk));
  closeStore(store);
  return texts;
}

export async function measureIngestion(options: IngestionOptions): Promise<IngestionResult> {
  const articlesDir = path.join(options.workDir, "ingestion-articles");
  writeArticleFiles(articlesDir, options.stories);
  const models: { kind: "tiny" | "real"; label: string; embedder: Embedder }[] = [{ kind: "tiny", label: TINY_MODEL_LABEL, embedder: options.tiny }];
  if (options.real.embedder) models.push({ kind: "real", label: options.real.label, embedder: options.real.embedder });
  const results: ModelIngestion[] = models.map(({ kind, label }) => ({ model: label, kind, pipelineSeconds: [], rawSeconds: [] }));
  const keywordOnlySeconds: number[] = [];
  const indexDir = (kind: string) => path.join(options.workDir, `ingestion-index-${kind}`);
  let size = { articles: 0, chunks: 0 };

  // Runs interleave the modes, so a noisy spell on a shared machine does not land on one mode only.
  for (let run = 1; run <= options.runs; run++) {
    options.progress(`ingestion run ${run}/${options.runs}: keyword-only`);
    const keywordOnly = await ingestOnce(indexDir("keyword"), articlesDir, null);
    keywordOnlySeconds.push(keywordOnly.seconds);
    size = keywordOnly;
    for (const [i, model] of models.entries()) {
      options.progress(`ingestion run ${run}/${options.runs}: with the ${model.label}`);
      const ingested = await ingestOnce(indexDir(model.kind), articlesDir, model.embedder);
      results[i]!.pipelineSeconds.push(ingested.seconds);
      const texts = embeddedTexts(indexDir(model.kind));
      options.progress(`ingestion run ${run}/${options.runs}: the ${model.label} alone on ${texts.length} chunk texts`);
      const started = performance.now();
      await model.embedder.embed(texts, "passage");
      results[i]!.rawSeconds.push((performance.now() - started) / 1000);
    }
  }
  return {
    ...size,
    keywordOnlySeconds,
    models: results,
    realModelNote: options.real.embedder ? null : options.real.reason,
    tinyIndexDir: indexDir("tiny"),
    articlesDir,
  };
}
