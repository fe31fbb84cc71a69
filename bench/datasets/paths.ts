import { fileURLToPath } from "node:url";

/**
 * `../shared/datasets` beside the project's root (or `BENCH_DATASETS_DIR`, for a checkout that lives elsewhere):
 * read-only benchmark data, never needed by the product.
 */
export const sharedDatasetsDir = process.env.BENCH_DATASETS_DIR
  ? `${process.env.BENCH_DATASETS_DIR.replace(/\/+$/, "")}/`
  : fileURLToPath(new URL("../../../shared/datasets/", import.meta.url));

export const timeDir = `${sharedDatasetsDir}time`;
export const reutersDir = `${sharedDatasetsDir}reuters21578`;
export const squadShiftsNewWikiFile = `${sharedDatasetsDir}squadshifts/new_wiki_v1.0.json`;
export const xquadEnFile = `${sharedDatasetsDir}xquad/xquad.en.json`;
