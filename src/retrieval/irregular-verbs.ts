/**
 * Past forms of common irregular English verbs, by base verb. A question asks "What did the survey find?" where the
 * article says "the survey found": the porter stemmer relates regular forms (announce/announced) but not these.
 * Left out: forms that are mostly another word in the news ("left", "lay", "bit", "ground", "bound", "lit",
 * "shot") and forms of verbs that are stop words ("said", "did", "had"; "told", though not one itself, is of "tell").
 * On SQuADShifts (bench/calibrate-answers.ts, 2026-11-22) it is neutral within noise (dev accuracy +0.7 points at
 * the 0.5 gate, held-out unchanged): Wikipedia questions rarely take this shape; questions like the sample ones
 * ("What did the US assessment find about Fordow?") do.
 */
import { stemmer } from "stemmer";
import { STOP_WORDS } from "./stop-words";

const FORMS_BY_BASE = new Map<string, readonly string[]>(Object.entries({
  arise: ["arose", "arisen"],
  become: ["became"],
  begin: ["began", "begun"],
  blow: ["blew", "blown"],
  break: ["broke", "broken"],
  bring: ["brought"],
  build: ["built"],
  buy: ["bought"],
  catch: ["caught"],
  choose: ["chose", "chosen"],
  come: ["came"],
  deal: ["dealt"],
  dig: ["dug"],
  draw: ["drew", "drawn"],
  drink: ["drank", "drunk"],
  drive: ["drove", "driven"],
  eat: ["ate", "eaten"],
  fall: ["fell", "fallen"],
  feed: ["fed"],
  feel: ["felt"],
  fight: ["fought"],
  find: ["found"],
  flee: ["fled"],
  fly: ["flew", "flown"],
  forbid: ["forbade", "forbidden"],
  forget: ["forgot", "forgotten"],
  freeze: ["froze", "frozen"],
  give: ["gave", "given"],
  go: ["went", "gone"],
  grow: ["grew", "grown"],
  hang: ["hung"],
  hear: ["heard"],
  hide: ["hid", "hidden"],
  hold: ["held"],
  keep: ["kept"],
  know: ["knew", "known"],
  lead: ["led"],
  lend: ["lent"],
  lose: ["lost"],
  make: ["made"],
  mean: ["meant"],
  meet: ["met"],
  overcome: ["overcame"],
  overtake: ["overtook", "overtaken"],
  pay: ["paid"],
  ride: ["rode", "ridden"],
  ring: ["rang", "rung"],
  rise: ["rose", "risen"],
  run: ["ran"],
  see: ["saw", "seen"],
  seek: ["sought"],
  sell: ["sold"],
  send: ["sent"],
  shake: ["shook", "shaken"],
  shrink: ["shrank", "shrunk"],
  sing: ["sang", "sung"],
  sink: ["sank", "sunk"],
  sit: ["sat"],
  sleep: ["slept"],
  speak: ["spoke", "spoken"],
  spend: ["spent"],
  stand: ["stood"],
  steal: ["stole", "stolen"],
  stick: ["stuck"],
  strike: ["struck", "stricken"],
  swear: ["swore", "sworn"],
  swim: ["swam", "swum"],
  take: ["took", "taken"],
  teach: ["taught"],
  think: ["thought"],
  throw: ["threw", "thrown"],
  understand: ["understood"],
  uphold: ["upheld"],
  wake: ["woke", "woken"],
  wear: ["wore", "worn"],
  win: ["won"],
  withdraw: ["withdrew", "withdrawn"],
  withhold: ["withheld"],
  write: ["wrote", "written"],
}));

const BASE_BY_FORM = new Map([...FORMS_BY_BASE].flatMap(([base, forms]) => forms.map((form) => [form, base] as const)));

/** The base verb of an irregular past form ("found" → "find"); any other word unchanged. */
export function baseVerbOf(word: string): string {
  return BASE_BY_FORM.get(word) ?? word;
}

/**
 * Past forms the porter stemmer stores as a stop word ("ate" as "at"): searched, they would match nearly every chunk
 * and take the verb's weight with them ("What did the cubs eat?" would weigh "eat" as little as "at"). A sentence's
 * "ate" is still read as "eat" (baseVerbOf). Only "ate" is such a form today. Measured 2026-12-04 keyword-only: no
 * answer changed on the RealTimeQA 2022–23 and 2024 samples, the SQuADShifts/XQuAD sample or our written questions,
 * which seldom ask what someone ate.
 */
const STOP_STEMS = new Set([...STOP_WORDS].map((word) => stemmer(word)));
const SEARCHED_FORMS_BY_BASE = new Map([...FORMS_BY_BASE].map(([base, forms]) => [base, forms.filter((form) => !STOP_STEMS.has(stemmer(form)))]));

/** The irregular past forms of a base verb that the index can tell apart ("find" → ["found"]); none for any other word. */
export function pastFormsOf(base: string): readonly string[] {
  return SEARCHED_FORMS_BY_BASE.get(base) ?? [];
}
