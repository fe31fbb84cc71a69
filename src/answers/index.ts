export * from "./types";
export * from "./answer-question";
export { formatCitation, formatPublished } from "./format-citation";
