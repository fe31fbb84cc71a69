import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Read-only benchmark data, never needed by the product: `BENCH_DATA_DIR`, else `../shared/datasets` beside the
 * project's root.
 */
export const sharedDatasetsDir = process.env.BENCH_DATA_DIR
  ? `${path.resolve(process.env.BENCH_DATA_DIR)}${path.sep}`
  : fileURLToPath(new URL("../../../shared/datasets/", import.meta.url));

export const timeDir = `${sharedDatasetsDir}time`;
export const reutersDir = `${sharedDatasetsDir}reuters21578`;
export const squadShiftsNewWikiFile = `${sharedDatasetsDir}squadshifts/new_wiki_v1.0.json`;
export const xquadEnFile = `${sharedDatasetsDir}xquad/xquad.en.json`;
