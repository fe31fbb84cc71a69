import type { QueryTerm } from "../retrieval/parse-query";

/**
 * The titles news gives the person in charge of an organisation: "Chief executive Martin Oduya said…", "Managing
 * director Keith Marlow said…", "Marrowvale's chief executive, Lorna Pickersgill, said…".
 */
const TITLES = ["executive", "director", "chief", "boss", "chairman", "chairwoman", "chairperson", "chair", "manager", "president", "leader", "head", "headteacher", "ceo"];

/**
 * Asking who is in charge: "Who runs…?", "Who's in charge at…?", "Who heads…?", "the head of…", "…'s boss". The verb
 * must follow "who" ("Who led the attack…?" asks for no title), and running for an office, running away or out is
 * another sense.
 */
const IN_CHARGE: readonly RegExp[] = [
  /\bwho(?:'s|’s|\s+is|\s+was|\s+now|\s+currently)*\s+(runs|running|ran|run|heads|headed|heading|manages|managed|managing|chairs|chaired|chairing|oversees|oversaw|overseeing)\b(?!\s+(?:for|away|into|out|off|up|down|against)\b)/i,
  /\bin\s+(charge)\s+(?:of|at)\b/i,
  /\bthe\s+(head)\s+of\b/i,
  /\b(boss|bosses)\b/i,
];

/**
 * The titles a question's term asking who is in charge is said as, each credited as a synonym (expand-terms.ts).
 * WordNet relates none of them to "run" or "in charge" (its commonest senses of "run" are running) and only "chief"
 * to "boss", so "Who runs the health trust?" found its article's "Chief executive Martin Oduya said the trust had
 * offered…" covering "trust" alone, and quoted a reader in environmental health.
 * Measured 2026-12-07 keyword-only: of our written questions (`bench/written`) 105 of 144 are answered right (103
 * before: "Who runs the health trust?", "Who's in charge at Greyfell Buses?"), unanswerable ones answered as before
 * (16 of 44). Of the whole SQuADShifts/XQuAD pool 17 questions ask so; 5 answers change, 4 from refused to right ("What
 * is the name of the executive department in charge of veterans?" by the sentence listing the departments), none
 * lost. Of the whole RealTimeQA quiz (3,697 questions) 3 ask so ("RMT union boss Mick Lynch…") and none changes; the
 * SQuAD sample (392 right of 500), off-topic answers (10 of 150) and the bench's small indexes (706 of 900) as before.
 * Full credit, as the word itself, also answered "Who runs Brenneke Components' British operations?"; a title is
 * not the question's word, so it gets a synonym's.
 */
export function inChargeTitles(term: QueryTerm, question: string): string[] {
  const asks = IN_CHARGE.some((pattern) => pattern.exec(question)?.[1]?.toLowerCase() === term.word);
  return asks ? TITLES.filter((title) => title !== term.word) : [];
}
