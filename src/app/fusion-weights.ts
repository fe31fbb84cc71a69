import type { Config } from "../config/load-config";
import { defaultDenseWeight } from "../embeddings";
import { DEFAULT_WEIGHTS, type FusionWeights } from "../retrieval";

/** The configured keyword/dense weights; without a configured dense weight, the model's default. */
export function fusionWeights(config: Config, model: string | null): FusionWeights {
  const dense = config.searchWeights.dense ?? (model ? defaultDenseWeight(model) : 0);
  return { ...DEFAULT_WEIGHTS, keyword: config.searchWeights.keyword, dense };
}
