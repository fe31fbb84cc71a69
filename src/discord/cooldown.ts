/** Per-user cooldown for channel questions, on an injected clock. */
export class Cooldown {
  private readonly lastAsked = new Map<string, number>();

  constructor(
    private readonly seconds: number,
    private readonly clock: () => Date,
  ) {}

  /** True when the user may ask now (and starts their cooldown). */
  take(userId: string): boolean {
    const now = this.clock().getTime();
    const last = this.lastAsked.get(userId);
    if (last !== undefined && now - last < this.seconds * 1000) return false;
    this.lastAsked.set(userId, now);
    return true;
  }
}
