/** The last `capacity` values built, by key (oldest inserted goes first). */
export class RecentCache<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly capacity: number) {}

  get(key: string, build: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = build();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
