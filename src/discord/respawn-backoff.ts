/** The first pause before a dead shard is started again; each death soon after the last doubles it. */
const FIRST_PAUSE_MS = 1_000;
/**
 * The longest pause. A shard that dies at every start then connects at most 288 times a day, under the 1,000
 * identifies a day Discord allows a bot before it resets the token.
 */
const LONGEST_PAUSE_MS = 300_000;
/** A shard that ran this long before it died met a new trouble, not the old one again: its pauses start over. */
const STEADY_RUN_MS = 600_000;

/** How long to wait before starting one shard again, from how its recent runs ended. */
export class RespawnBackoff {
  private deathsInARow = 0;

  /** The pause before the next start of a shard that died after running `ranMs`. */
  pauseAfterDeath(ranMs: number): number {
    this.deathsInARow = ranMs >= STEADY_RUN_MS ? 1 : this.deathsInARow + 1;
    return Math.min(FIRST_PAUSE_MS * 2 ** (this.deathsInARow - 1), LONGEST_PAUSE_MS);
  }
}
