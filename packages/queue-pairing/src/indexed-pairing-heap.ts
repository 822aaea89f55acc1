import { type EventQueue, InvalidParameterError, requireInteger } from '@sparseprop/core/plugin';

/** How a list of sibling subtrees is melded back into one tree. */
export type PairingStrategy = 'two-pass' | 'multipass';

/** No node (end of a list, no child, no parent). */
const NONE = -1;

/**
 * Indexed pairing min-heap on typed arrays.
 *
 * Every neuron is a node of one multiway tree, stored as four arrays indexed
 * by neuron (20 B per neuron, no objects):
 * - `keys` (Float64Array) — the key;
 * - `child` (Int32Array) — first child, or -1;
 * - `sibling` (Int32Array) — next sibling, or -1;
 * - `prev` (Int32Array) — previous sibling, or the parent for a first child
 *   (-1 for the root), so any node can be cut out of its list in O(1).
 *
 * Order is the strict total order `(key, index)`: among equal keys the lower
 * neuron index is the minimum (the EventQueue tie rule), so the root is
 * always exactly the neuron every other queue reports.
 *
 * Updates:
 * - **decrease**: cut the node with its subtree and link it with the root,
 *   O(1). A node that still follows its `prev` (its parent, or an elder
 *   sibling, which the parent precedes) stays put.
 * - **increase**: a leaf stays where it is (its parent was ≤ the old key,
 *   hence ≤ the new one: O(1)). Otherwise its children are melded into one
 *   tree (two-pass or multipass pairing), the node is linked with that tree,
 *   and the result takes the node's old place — every key in it is ≥ the
 *   node's old key, so the parent still precedes it and nothing above moves.
 *   The root (the spiker's reset) is the delete-min case.
 *
 * Hand-written: no npm pairing heap offers indexed typed-array nodes with
 * increase-key; they allocate an object per node and compare via callbacks.
 */
export class IndexedPairingHeap implements EventQueue {
  readonly name = 'pairing';
  readonly size: number;
  /** How children are melded on increase-key and build. */
  readonly strategy: PairingStrategy;
  private readonly multipass: boolean;
  private readonly keys: Float64Array;
  private readonly child: Int32Array;
  private readonly sibling: Int32Array;
  private readonly prev: Int32Array;
  private root = 0;

  /**
   * An empty queue over `size` neurons: every key 0 until {@link build}.
   * @param size number of neurons, integer in [1, 2^31 - 1]
   * @param strategy `"two-pass"` (default) or `"multipass"` melding of children
   */
  constructor(size: number, strategy: PairingStrategy = 'two-pass') {
    this.size = requireInteger('n', size, 1, 2 ** 31 - 1);
    if (strategy !== 'two-pass' && strategy !== 'multipass') {
      throw new InvalidParameterError('strategy', strategy, '"two-pass" or "multipass"');
    }
    this.strategy = strategy;
    this.multipass = strategy === 'multipass';
    this.keys = new Float64Array(size);
    this.child = new Int32Array(size);
    this.sibling = new Int32Array(size);
    this.prev = new Int32Array(size);
    this.rebuild();
  }

  build(keys: Float64Array): void {
    if (keys.length !== this.size) throw new InvalidParameterError('keys.length', keys.length, `equal to the queue size ${this.size}`);
    this.keys.set(keys);
    let nans = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== keys[i]) nans++;
    this.rebuildRankingNaNsFirst(nans);
  }

  peekIndex(): number {
    return this.root;
  }

  peekKey(): number {
    return this.keys[this.root];
  }

  key(i: number): number {
    return this.keys[i];
  }

  update(i: number, key: number): void {
    const old = this.keys[i];
    this.keys[i] = key;
    if (key < old) this.decreased(i);
    else if (key > old) this.increased(i);
    else if (key !== old) this.nanInvolved(i, key); // only a NaN fails all three comparisons
  }

  /** `update` with a NaN key, or a NaN replaced by a number (out of line, so `update` stays small). */
  private nanInvolved(i: number, key: number): void {
    if (key !== key) {
      this.raiseNaN(i);
      return;
    }
    // other NaNs may sit below numbers after links that could not compare them: rebuild
    let nans = 0;
    for (let n = 0; n < this.size; n++) if (this.keys[n] !== this.keys[n]) nans++;
    this.rebuildRankingNaNsFirst(nans);
  }

  shiftAll(delta: number): void {
    const keys = this.keys;
    let nans = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] + delta;
      keys[i] = key;
      if (key !== key) nans++;
    }
    // rounding can make a parent and a child equal with the child's index lower
    this.rebuildRankingNaNsFirst(nans);
  }

  scaleAll(factor: number): void {
    const keys = this.keys;
    let nans = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] * factor;
      keys[i] = key;
      if (key !== key) nans++;
    }
    // even a power of two rounds keys together where products underflow to subnormals or overflow
    this.rebuildRankingNaNsFirst(nans);
  }

  /** Re-link every neuron from scratch in O(N): round-robin pairing of all singletons. */
  private rebuild(): void {
    const n = this.size, child = this.child, sibling = this.sibling, prev = this.prev;
    for (let i = 0; i < n; i++) {
      child[i] = NONE;
      sibling[i] = i + 1;
      prev[i] = i - 1;
    }
    sibling[n - 1] = NONE;
    // each round halves the list: N/2 + N/4 + ... links in all
    const r = this.meldMultipass(0);
    prev[r] = NONE;
    this.root = r;
  }

  /**
   * {@link rebuild}, with the `nans` NaN keys (a model whose numbers turned
   * non-finite: outside every contract) ranked first, as -Infinity, so the
   * engine sees one at its next pop and stops with an error instead of
   * running on with a neuron that never fires.
   */
  private rebuildRankingNaNsFirst(nans: number): void {
    if (nans === 0) {
      this.rebuild();
      return;
    }
    const keys = this.keys, marked = new Int32Array(nans);
    for (let i = 0, m = 0; m < nans; i++) {
      if (keys[i] !== keys[i]) {
        marked[m++] = i;
        keys[i] = -Infinity;
      }
    }
    this.rebuild();
    for (let m = 0; m < nans; m++) keys[marked[m]] = NaN;
  }

  /** Neuron `i` got a NaN key: make it the root, as a key of -Infinity would be. */
  private raiseNaN(i: number): void {
    if (i === this.root) return;
    this.cut(i, this.prev[i]);
    const keys = this.keys;
    keys[i] = -Infinity;
    const r = this.link(this.root, i);
    keys[i] = NaN;
    this.prev[r] = NONE;
    this.root = r;
  }

  /** `i`'s key went down: it may now beat its parent. */
  private decreased(i: number): void {
    if (i === this.root) return;
    const prev = this.prev, p = prev[i];
    // p is the parent or an elder sibling (which the parent precedes): if p still precedes i, order holds
    if (this.precedes(p, i)) return;
    this.cut(i, p);
    const r = this.link(this.root, i);
    prev[r] = NONE;
    this.root = r;
  }

  /** `i`'s key went up: it may now lose to its own children. */
  private increased(i: number): void {
    const child = this.child, sibling = this.sibling, prev = this.prev;
    const first = child[i];
    if (first === NONE) return; // a leaf: the parent still precedes it
    child[i] = NONE;
    const sub = this.multipass ? this.meldMultipass(first) : this.meldTwoPass(first);
    if (i === this.root) {
      const r = this.link(sub, i);
      sibling[r] = NONE;
      prev[r] = NONE;
      this.root = r;
      return;
    }
    const p = prev[i], next = sibling[i];
    const w = this.link(sub, i);
    // w holds only keys >= i's old key, so it can take i's place under the same parent
    if (child[p] === i) child[p] = w;
    else sibling[p] = w;
    prev[w] = p;
    sibling[w] = next;
    if (next !== NONE) prev[next] = w;
  }

  /** Remove `i` (with its subtree) from its sibling list; `p` is `prev[i]`. */
  private cut(i: number, p: number): void {
    const sibling = this.sibling, next = sibling[i];
    if (this.child[p] === i) this.child[p] = next;
    else sibling[p] = next;
    if (next !== NONE) this.prev[next] = p;
    sibling[i] = NONE;
  }

  /** `a` before `b` in the order (key, then index). */
  private precedes(a: number, b: number): boolean {
    const ka = this.keys[a], kb = this.keys[b];
    return ka < kb || (ka === kb && a < b);
  }

  /**
   * Link two roots: the loser becomes the winner's first child. Returns the
   * winner; its own `sibling`/`prev` are left for the caller to set.
   */
  private link(a: number, b: number): number {
    const keys = this.keys, child = this.child, sibling = this.sibling, prev = this.prev;
    const ka = keys[a], kb = keys[b];
    let winner = a, loser = b;
    if (kb < ka || (kb === ka && b < a)) {
      winner = b;
      loser = a;
    }
    const c = child[winner];
    sibling[loser] = c;
    if (c !== NONE) prev[c] = loser;
    prev[loser] = winner;
    child[winner] = loser;
    return winner;
  }

  /**
   * Two-pass pairing of the sibling list starting at `first`: link pairs left
   * to right, then meld the winners right to left. Returns the new tree's root
   * (its `sibling`/`prev` unset). The left-to-right pass threads the winners
   * in reverse through `sibling`, so the right-to-left pass needs no stack.
   */
  private meldTwoPass(first: number): number {
    const sibling = this.sibling;
    let reversed = NONE;
    let a = first;
    while (a !== NONE) {
      const b = sibling[a];
      let w = a, next = NONE;
      if (b !== NONE) {
        next = sibling[b];
        w = this.link(a, b);
      }
      sibling[w] = reversed;
      reversed = w;
      a = next;
    }
    let r = reversed;
    let t = sibling[r];
    while (t !== NONE) {
      const next = sibling[t];
      r = this.link(r, t);
      t = next;
    }
    return r;
  }

  /**
   * Multipass pairing of the sibling list starting at `first`: link
   * neighbours in rounds until one tree is left. Returns its root (its
   * `sibling`/`prev` unset).
   */
  private meldMultipass(first: number): number {
    const sibling = this.sibling;
    let head = first;
    while (sibling[head] !== NONE) {
      let a = head, tail = NONE;
      head = NONE;
      while (a !== NONE) {
        const b = sibling[a];
        let w = a, next = NONE;
        if (b !== NONE) {
          next = sibling[b];
          w = this.link(a, b);
        }
        if (tail === NONE) head = w;
        else sibling[tail] = w;
        tail = w;
        a = next;
      }
      sibling[tail] = NONE;
    }
    return head;
  }
}
