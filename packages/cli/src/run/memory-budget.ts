import { freemem, totalmem } from 'node:os';
import { InsufficientMemoryError } from '@sparseprop/core';

/** What the machine offers, in bytes. */
export interface MemoryProbe {
  /** Physical memory. */
  readonly totalBytes: number;
  /** Memory available without swapping (Linux: MemAvailable). */
  readonly freeBytes: number;
  /** A cgroup/container limit on this process, if any. */
  readonly constrainedBytes?: number;
  /** True where `freeBytes` counts reclaimable file cache as free (Linux); elsewhere it understates. */
  readonly freeIsAccurate: boolean;
}

/** Fraction of the available memory a run may plan to use. */
export const MEMORY_FRACTION = 0.8;

/** The current machine's memory (os.totalmem/freemem, process.constrainedMemory). */
export function systemMemory(): MemoryProbe {
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : undefined;
  return {
    totalBytes: totalmem(),
    freeBytes: freemem(),
    constrainedBytes: constrained && constrained > 0 ? constrained : undefined,
    freeIsAccurate: process.platform === 'linux',
  };
}

/**
 * Bytes a run may allocate: {@link MEMORY_FRACTION} of the available memory,
 * capped by a container limit. Available is the free memory where the system
 * reports it accurately (Linux), else at least half the physical memory
 * (macOS and Windows count file cache as used).
 */
export function memoryBudget(probe: MemoryProbe): number {
  const available = probe.freeIsAccurate ? probe.freeBytes : Math.max(probe.freeBytes, probe.totalBytes / 2);
  const limit = Math.min(available, probe.constrainedBytes ?? Infinity, probe.totalBytes);
  return Math.floor(MEMORY_FRACTION * limit);
}

/** Throw {@link InsufficientMemoryError} before allocating when `requiredBytes` exceed the budget. */
export function requireMemory(requiredBytes: number, probe: MemoryProbe = systemMemory()): void {
  const budget = memoryBudget(probe);
  if (requiredBytes > budget) throw new InsufficientMemoryError(requiredBytes, budget);
}

/**
 * Rough peak bytes of parsing a CSV edge list of `bytes` bytes whose lines
 * average `lineLength` characters: the text, its split lines (~40 B of
 * string header each), three number arrays, the CSR arrays (16 B) and the
 * WebAssembly engine's copy of them (12 B: target and key shift per synapse).
 */
export function estimateEdgeListBytes(bytes: number, lineLength: number): number {
  const edges = bytes / Math.max(6, lineLength);
  return 2 * bytes + edges * (40 + 3 * 8 + 16 + 12);
}
