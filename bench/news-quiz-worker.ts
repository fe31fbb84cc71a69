/** Answers a share of the news quiz's questions in a process of its own (see `jobs` in news-quiz.ts). */
import { closeStore, openStore } from "../src/store";
import { serveAsChild } from "./child-process";
import { askNewsdesk, type NewsQuizWorkerInput, type PendingOutcome } from "./news-quiz";

serveAsChild(async (input: NewsQuizWorkerInput): Promise<PendingOutcome[]> => {
  const store = openStore(input.indexDir);
  try {
    return await askNewsdesk(store, input.questions, (line) => process.stderr.write(`${line}\n`));
  } finally {
    closeStore(store);
  }
});
