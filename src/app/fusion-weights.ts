import type { Config } from "../config/load-config";
import { DEFAULT_WEIGHTS, type FusionWeights } from "../retrieval";

/** The configured keyword/dense weights over the retrieval defaults. */
export function fusionWeights(config: Config): FusionWeights {
  return { ...DEFAULT_WEIGHTS, ...config.searchWeights };
}
