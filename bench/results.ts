/** The shape of bench/results.json: everything BENCHMARKS.md is written from. */
import type { DiscordResult } from "./discord-path";
import type { BenchEnvironment } from "./environment";
import type { IngestionResult } from "./ingestion";
import type { NewsQuizResult } from "./news-quiz";
import type { QualityResult } from "./quality";
import type { ScaleResult } from "./scale";

export interface BenchSettings {
  seed: number;
  budgetMinutes: number;
  timeDocuments: number;
  squadPassages: number;
  ingestionStories: number;
  ingestionRuns: number;
  discord: { sequential: number; bursts: number; burstSize: number };
  scale: { sizes: number[]; runs: number; queriesPerRun: number; startupRuns: number };
}

export interface BenchResults {
  profile: "full" | "smoke";
  environment: BenchEnvironment;
  settings: BenchSettings;
  durationSeconds: number;
  sectionSeconds: { quality: number; newsQuiz: number; ingestion: number; discord: number; scale: number };
  quality: QualityResult;
  newsQuiz: NewsQuizResult;
  ingestion: Omit<IngestionResult, "tinyIndexDir" | "articlesDir">;
  discord: DiscordResult;
  scale: ScaleResult;
}
