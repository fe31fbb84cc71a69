import { fileURLToPath } from "node:url";
import { datasetPaths } from "../../bench/datasets/paths";

/** The small in-repo datasets in the benchmark's layout, so tests never need `../shared/datasets`. */
export const fixtureDatasets = datasetPaths(fileURLToPath(new URL("../fixtures/datasets/", import.meta.url)));
