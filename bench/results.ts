/** The shape of bench/results.json: everything BENCHMARKS.md is written from. */
import type { DiscordResult } from "./discord-path";
import type { BenchEnvironment } from "./environment";
import type { IngestionResult } from "./ingestion";
import type { NewsQuizResult } from "./news-quiz";
import type { QualityResult } from "./quality";
import type { ScaleResult, ScaleSize } from "./scale";
import type { KeywordPeerResult } from "./keyword-peer-worker";
import type { StartupResult } from "./startup";

export interface BenchSettings {
  seed: number;
  budgetMinutes: number;
  timeDocuments: number;
  squadPassages: number;
  ingestionStories: number;
  ingestionRuns: number;
  discord: { sequential: number; bursts: number; burstSize: number };
  scale: { sizes: ScaleSize[]; runs: number; queriesPerRun: number; startupRuns: number };
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
  /** Measured with the rest, or refreshed alone by `npm run bench -- --only startup` (see its `measured`). */
  startup?: StartupResult & { measured: SectionRun };
  /** Keyword search against LanceDB's full-text index; refreshed alone by `--only keyword`. */
  keywordPeer?: { sizes: KeywordPeerResult[]; measured: SectionRun };
  /**
   * Sections of the full run measured again alone (`--only quality,newsQuiz,scale`), and when: the header's commit
   * is the full run's, so the report names the commit each refreshed section was measured at.
   */
  refreshed?: Partial<Record<"quality" | "newsQuiz" | "scale", SectionRun>>;
}

/** When and where a section refreshed on its own was measured. */
export interface SectionRun {
  date: string;
  commit: string;
  loadAverage: number;
}
