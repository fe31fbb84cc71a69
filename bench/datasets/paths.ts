import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** `../shared/datasets` beside the project's root: read-only benchmark data, never needed by the product. */
const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../../shared/datasets/", import.meta.url));

/** Where each dataset the benchmark reads lives, under one data folder. */
export interface DatasetPaths {
  dataDir: string;
  timeDir: string;
  reutersDir: string;
  squadShiftsNewWikiFile: string;
  xquadEnFile: string;
}

/** The data folder: `BENCH_DATA_DIR` when set (relative to the working directory), else `../shared/datasets`. */
export function benchDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.BENCH_DATA_DIR?.trim();
  return configured ? path.resolve(configured) : path.resolve(DEFAULT_DATA_DIR);
}

export function datasetPaths(dataDir: string = benchDataDir()): DatasetPaths {
  return {
    dataDir,
    timeDir: path.join(dataDir, "time"),
    reutersDir: path.join(dataDir, "reuters21578"),
    squadShiftsNewWikiFile: path.join(dataDir, "squadshifts", "new_wiki_v1.0.json"),
    xquadEnFile: path.join(dataDir, "xquad", "xquad.en.json"),
  };
}

/** What the benchmark needs and where each comes from, relative to the data folder. */
const REQUIRED: { relative: string; what: string }[] = [
  { relative: "time/TIME.ALL", what: "TIME collection (TIME.ALL, TIME.QUE, TIME.REL, TIME.STP)" },
  { relative: "time/TIME.QUE", what: "TIME collection (TIME.ALL, TIME.QUE, TIME.REL, TIME.STP)" },
  { relative: "time/TIME.REL", what: "TIME collection (TIME.ALL, TIME.QUE, TIME.REL, TIME.STP)" },
  { relative: "time/TIME.STP", what: "TIME collection (TIME.ALL, TIME.QUE, TIME.REL, TIME.STP)" },
  { relative: "reuters21578/reut2-000.sgm", what: "Reuters-21578 (reut2-000.sgm … reut2-021.sgm)" },
  { relative: "squadshifts/new_wiki_v1.0.json", what: "SQuADShifts new_wiki" },
  { relative: "xquad/xquad.en.json", what: "XQuAD English" },
];

/** One line naming the first missing dataset, where it goes and how to point elsewhere; null when all are there. */
export function missingDatasetLine(paths: DatasetPaths): string | null {
  const missing = REQUIRED.find(({ relative }) => !existsSync(path.join(paths.dataDir, relative)));
  if (!missing) return null;
  return `bench: ${missing.what} not found: put it at ${path.join(paths.dataDir, missing.relative)}, or set BENCH_DATA_DIR to the folder holding time/, reuters21578/, squadshifts/ and xquad/`;
}
