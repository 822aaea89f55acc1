/**
 * A small cache of immutable values keyed by their parameters (e.g. a
 * model's tables, so that the engine and the reference built for one network
 * share them). Keeps the last `capacity` values inserted; the oldest goes first.
 */
export class RecentCache<T> {
  private readonly entries = new Map<string, T>();

  /** @param capacity how many values to keep, ≥ 1 */
  constructor(private readonly capacity: number) {}

  /** The cached value for `key`, built by `build` on a miss. */
  get(key: string, build: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = build();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
