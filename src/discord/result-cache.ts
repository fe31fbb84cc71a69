/**
 * Results kept in memory for the buttons under a message ("Show passages", Previous/Next). Bounded: the oldest
 * entries go first; a button on an expired result says so instead of failing.
 */
export class ResultCache<T> {
  private readonly entries = new Map<string, T>();
  private counter = 0;
  // Keys from before a restart must not find another result under the same number.
  private readonly prefix = Math.random().toString(36).slice(2, 6);

  constructor(private readonly capacity = 500) {}

  add(value: T): string {
    const key = `${this.prefix}${(++this.counter).toString(36)}`;
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return key;
  }

  get(key: string): T | undefined {
    return this.entries.get(key);
  }
}
