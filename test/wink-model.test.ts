import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type winkNLPType from "wink-nlp";
import type { Model, WinkMethods } from "wink-nlp";
import { englishModel, READ_ANNOTATIONS } from "../src/answers/wink-model";

const require = createRequire(import.meta.url);
const winkNLP = require("wink-nlp") as typeof winkNLPType;

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
    const ownLoaders = new Set(["core", "addons", "metaCER", "sa", "negation"]);
    for (const key of Object.keys(theirs) as (keyof Model)[]) if (!ownLoaders.has(key)) expect(ours[key]).toBe(theirs[key]);
    const metaModel = require("wink-eng-lite-web-model/dist/languages/cur/models/eng-cer-meta-model.json") as unknown;
    for (let instance = 0; instance < 3; instance++) expect(JSON.parse((ours.metaCER as () => { machines: string })().machines)).toStrictEqual(metaModel);
    expect(Object.keys(ours.addons)).toEqual(Object.keys(theirs.addons));
    for (const key of Object.keys(theirs.addons) as (keyof Model["addons"])[]) expect(ours.addons[key]).toBe(theirs.addons[key]);
  });

  it("reads tokens, parts of speech and entities as the package's whole model does", () => {
    const read = (nlp: WinkMethods, sentence: string) => {
      const doc = nlp.readDoc(sentence);
      return [doc.tokens().out(), doc.tokens().out(nlp.its.pos), doc.tokens().out(nlp.its.type), doc.entities().out(nlp.its.detail)];
    };
    const ours = winkNLP(englishModel(), READ_ANNOTATIONS);
    const theirs = winkNLP(require("wink-eng-lite-web-model") as Model);
    for (const sentence of [
      "Councillor Bronwen Tegid hasn't agreed a twenty-year lease for £86,000, the Riverside Gazette said on Wednesday.",
      "The Kansas City Chiefs beat the Buffalo Bills 27-24 in Missouri on Jan. 21, 2024, and nobody was surprised.",
      "\"It is not a good deal,\" said Ms. Tegid, who won't sign it before 5 p.m. on Friday.",
    ]) {
      expect(read(ours, sentence)).toEqual(read(theirs, sentence));
    }
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
