import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { Model } from "wink-nlp";
import { englishModel } from "../src/answers/wink-model";

const require = createRequire(import.meta.url);

describe("englishModel", () => {
  // The core loader repeats the package's own; a new version of the package that loads differently fails here.
  it("builds the same model as wink-eng-lite-web-model's own loader", () => {
    const ours = englishModel();
    const theirs = require("wink-eng-lite-web-model") as Model;
    expect((ours.core as () => unknown)()).toStrictEqual((theirs.core as () => unknown)());
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    for (const key of Object.keys(theirs) as (keyof Model)[]) if (key !== "core" && key !== "addons") expect(ours[key]).toBe(theirs[key]);
    expect(Object.keys(ours.addons)).toEqual(Object.keys(theirs.addons));
    for (const key of Object.keys(theirs.addons) as (keyof Model["addons"])[]) expect(ours.addons[key]).toBe(theirs.addons[key]);
  });
});
