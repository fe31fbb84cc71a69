import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { Model } from "wink-nlp";
import { englishModel } from "../src/answers/wink-model";

const require = createRequire(import.meta.url);

interface Feature {
  list: unknown[];
  hash?: Record<string, number>;
}
type Core = { features: Record<string, Feature> };

/** A core model with each vocabulary's hash as one plain object, its own entries and those it inherits. */
function flattened(core: Core): Core {
  const features: Record<string, Feature> = {};
  for (const [name, feature] of Object.entries(core.features)) {
    const hash: Record<string, number> | undefined = feature.hash && Object.create(null);
    for (const word in feature.hash) hash![word] = feature.hash[word]!;
    features[name] = feature.hash ? { ...feature, hash } : feature;
  }
  return { ...core, features };
}

describe("englishModel", () => {
  // The core loader repeats the package's own; a new version of the package that loads differently fails here.
  it("builds the same model as wink-eng-lite-web-model's own loader", () => {
    const ours = englishModel();
    const theirs = require("wink-eng-lite-web-model") as Model;
    expect(flattened((ours.core as () => Core)())).toStrictEqual((theirs.core as () => unknown)());
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    const ownLoaders = new Set(["core", "addons", "metaCER"]);
    for (const key of Object.keys(theirs) as (keyof Model)[]) if (!ownLoaders.has(key)) expect(ours[key]).toBe(theirs[key]);
    const metaModel = require("wink-eng-lite-web-model/dist/languages/cur/models/eng-cer-meta-model.json") as unknown;
    for (let instance = 0; instance < 3; instance++) expect(JSON.parse((ours.metaCER as () => { machines: string })().machines)).toStrictEqual(metaModel);
    expect(Object.keys(ours.addons)).toEqual(Object.keys(theirs.addons));
    for (const key of Object.keys(theirs.addons) as (keyof Model["addons"])[]) expect(ours.addons[key]).toBe(theirs.addons[key]);
  });

  it("gives each instance vocabularies of its own, so what one reads leaves another's as the package's", () => {
    const model = englishModel();
    const first = (model.core as () => Core)();
    const second = (model.core as () => Core)();
    first.features.lexeme!.hash!.Halvorsen = first.features.lexeme!.list.push("Halvorsen") - 1;
    expect(second.features.lexeme!.hash!.Halvorsen).toBeUndefined();
    expect(second.features.lexeme!.list).not.toContain("Halvorsen");
    expect(second.features.lexeme!.hash!.the).toBe(first.features.lexeme!.hash!.the);
  });
});
