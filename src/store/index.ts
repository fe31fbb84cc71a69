export * from "./types";
export * from "./open-store";
export * from "./meta";
export * from "./write-article";
export * from "./embeddings-state";
export * from "./read-articles";
export * from "./search-fulltext";
export * from "./read-stats";
export { searchVectors, DEFAULT_EF_SEARCH } from "./vector-index";
