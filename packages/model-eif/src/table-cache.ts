/**
 * A small cache of immutable tables keyed by their parameters, so that
 * models built twice for one network (engine and reference, repeated runs)
 * share one table. Least recently inserted entries go first.
 */
export class TableCache<T> {
  private readonly entries = new Map<string, T>();

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
