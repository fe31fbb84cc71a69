import type { AppContext } from "../app/app-context";
import { hasArticles } from "../store";

/**
 * One line on stderr when the index holds no articles: `ask` and `search` still answer (a refusal, no passages), but
 * a newcomer who runs them before `npm start` learns why and what fills the index.
 */
export function warnIfEmptyIndex(context: AppContext): void {
  if (hasArticles(context.store)) return;
  process.stderr.write(
    `newsdesk: the index in ${context.config.indexDir} holds no articles yet; run \`npm run -s cli -- ingest\` to read ${context.config.articlesDir} (npm start does it too)\n`,
  );
}
