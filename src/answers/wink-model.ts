import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Model } from "wink-nlp";

const require = createRequire(import.meta.url);

const CORE_MODEL_FILE = "dist/languages/cur/models/eng-core-web-model.json";

type Layout = Record<string, number[]>;
interface Feature {
  list: string[];
  hash: Record<string, number>;
  intrinsicSize: number;
  index: number;
  maxIndex: number;
}
interface CoreModel {
  packing: { layout: Layout; efList: string[] };
  features: Record<string, Feature> & { posClusters: { list: (string | Set<number>)[] } };
  pos: { hash: Record<string, number> };
  lexicon: string | Uint32Array;
  xpansions: string | Uint32Array;
}

function uint32sOfBase64(data: string): Uint32Array {
  const bytes = Buffer.from(data, "base64");
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/**
 * The package's core model loader (read-core-model.js and load-core-model.js of wink-eng-lite-web-model 1.8.1,
 * pinned), step for step, without its detour: it parses the 3 MB JSON through `require`, then deep-copies it with
 * JSON.stringify and JSON.parse, and decodes base64 a character at a time. That was about a fifth of the model's
 * 0.7 s load on the 2-core bench machine; the model built is the same.
 */
function readCoreModel(packageDir: string): CoreModel {
  const model = JSON.parse(fs.readFileSync(path.join(packageDir, CORE_MODEL_FILE), "utf8")) as CoreModel;
  const { packing, features, pos } = model;
  model.lexicon = uint32sOfBase64(model.lexicon as string);
  model.xpansions = uint32sOfBase64(model.xpansions as string);
  for (const name in packing.layout) {
    if (packing.layout[name]![3] !== 0) continue;
    const feature = features[name]!;
    feature.hash = Object.create(null) as Record<string, number>;
    for (let k = 0; k < feature.list.length; k += 1) feature.hash[feature.list[k]!] = k;
  }
  features.lexeme!.hash = Object.create(null) as Record<string, number>;
  for (let k = 0; k < features.lexeme!.list.length; k += 1) features.lexeme!.hash[features.lexeme!.list[k]!] = k;
  const clusters = features.posClusters.list;
  for (let k = 0; k < clusters.length; k += 1) clusters[k] = new Set((clusters[k] as string).split("_").map((tag) => pos.hash[tag] || 0));
  packing.efList = [];
  for (const name in packing.layout) {
    const layout = packing.layout[name]!;
    if (layout[3] === 0) {
      const feature = features[name]!;
      feature.intrinsicSize = feature.list.length;
      feature.index = feature.list.length;
      feature.maxIndex = layout[1]! >>> layout[2]!;
    }
    if (layout[4] === 1) packing.efList.push(name);
  }
  features.lexeme!.intrinsicSize = features.lexeme!.list.length;
  features.lexeme!.index = features.lexeme!.list.length;
  return model;
}

let readCore: CoreModel | null = null;

/**
 * The core model as a new wink instance needs it: read from the package once per process, and given vocabularies of
 * its own. wink adds every word it has not met to the model's lexeme vocabulary (and its prefix, suffix and shape
 * ones), and its tokenizer keeps whole a word it has met whole: after "Halvorsen's-backed", "Halvorsen's plan" reads
 * as the name "Halvorsen's", not "Halvorsen". A copy's vocabularies hold the package's words and, on top, what its
 * own instance reads (the package's hash as the prototype of its own: copying 87,000 entries takes 0.2 s).
 */
function coreOfNewInstance(packageDir: string): CoreModel {
  readCore ??= readCoreModel(packageDir);
  const { layout } = readCore.packing;
  const growing = ["lexeme", ...Object.keys(layout).filter((name) => layout[name]![3] === 0)];
  const features = { ...readCore.features };
  for (const name of growing) {
    const feature = features[name]!;
    features[name] = { ...feature, list: feature.list.slice(), hash: Object.create(feature.hash) as Record<string, number> };
  }
  return { ...readCore, features };
}

interface MetaModel {
  machines: string;
  transformers: unknown;
}
let metaModel: MetaModel | null = null;

/**
 * The custom-entity meta model as the package's loader gives it on its first call. The loader keeps its JSON in a
 * variable that each call replaces with its JSON.stringify, so every call stringifies the last one's string again:
 * the 21st wink instance of a process threw "Invalid string length".
 */
function metaModelOnce(packageDir: string): MetaModel {
  metaModel ??= (require(path.join(packageDir, "dist", "load-cer-meta-model.js")) as () => MetaModel)();
  return metaModel;
}

/** The annotations newsdesk reads (entities.ts): sentence breaks, parts of speech and entities. */
export const READ_ANNOTATIONS = ["sbd", "pos", "ner"];

/** An automaton that recognises nothing, as wink's exportJSON writes one. */
const NO_MACHINE = JSON.stringify([100, 0, { 0: {} }, {}, {}, {}]);

/**
 * Sentiment and negation, which newsdesk reads nothing of, with no machines. A new instance parses each model's
 * machines; sentiment's 400 KB made most of its 4 to 8 ms (1.5 ms without; the 2-core bench machine, 2026-12-06).
 */
function unreadModel(): { machines: string[]; setter: () => void } {
  return { machines: [NO_MACHINE], setter: () => {} };
}

/** The model's add-ons, each loaded when first used: newsdesk uses none, and the lemmatizer's tables are 220 KB. */
const ADDON_FILES: [string, string][] = [
  ["stem", "porter-stemmer.js"],
  ["lemmatize", "lemmatize.js"],
  ["readabilityStats", "readability-stats.js"],
];

/**
 * wink's English lite model, assembled as its dist/model.js does but for the core model loader and the add-ons:
 * requiring the package itself would parse the core model's JSON at once, for nothing. Each instance made from it
 * grows vocabularies of its own (see coreOfNewInstance) and reads only READ_ANNOTATIONS.
 */
export function englishModel(): Model {
  const packageDir = path.dirname(require.resolve("wink-eng-lite-web-model/package.json"));
  const part = (file: string): unknown => require(path.join(packageDir, "dist", file));
  const addons = Object.create(null) as Record<string, unknown>;
  for (const [name, file] of ADDON_FILES) Object.defineProperty(addons, name, { enumerable: true, get: () => part(file) });
  addons.wordVectors = undefined;
  return Object.assign(Object.create(null) as object, {
    core: () => coreOfNewInstance(packageDir),
    sbd: part("load-sbd-model.js"),
    pos: part("load-pos-model.js"),
    ner: part("load-ner-model.js"),
    negation: unreadModel,
    sa: unreadModel,
    metaCER: () => metaModelOnce(packageDir),
    featureFn: part("feature.js"),
    addons,
  }) as Model;
}
