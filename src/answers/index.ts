export * from "./types";
export * from "./answer-question";
export * from "./evidence-gate";
export { formatCitation, formatPublished } from "./format-citation";
export { AskOptionsError, checkAskOptions } from "./ask-options";
