/*
 * The memory floor of a spike: K read-modify-writes of 8-byte values at K
 * random places in an N-element array. Every exact event-driven simulator
 * of a sparse network must touch each of a spike's K targets at least once
 * (read its state, write it back), so no algorithm's cost per spike can go
 * below this loop's at the same N and K on the same machine. The targets
 * come from a cheap inline generator (splitmix64 and a multiply-shift to
 * [0, N)), so the figure is the memory system's, not the sampler's.
 *
 * Variants (each at every N):
 *   latency   each target depends on the value just read: one miss at a time,
 *             the memory latency per access (no memory-level parallelism)
 *   plain     independent read-modify-writes in a plain loop: the CPU overlaps
 *             misses as far as its out-of-order window allows
 *   prefetch  draw the K targets, prefetch all of them for writing, then
 *             update: explicit memory-level parallelism (what C sp_best and
 *             sp_lazy do; WebAssembly has no prefetch instruction)
 *   prefetch+huge  the same on 2 MiB pages (madvise MADV_HUGEPAGE): fewer TLB misses
 *
 * Build and run (tools/bench/src/limits/run-limits.sh does both):
 *   gcc -O3 -march=native -o random-rmw random-rmw.c
 *   ./random-rmw [K=100] [SPIKES=200000] [REPS=5] [N list, default 1e3,1e4,1e5,1e6,1e7]
 * Prints a Markdown table of median CPU ns per spike (CLOCK_PROCESS_CPUTIME_ID).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static inline uint64_t splitmix64(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
/* uniform in [0, n) by a multiply-shift (Lemire), no division */
static inline uint32_t below(uint64_t r, uint32_t n) { return (uint32_t)(((r >> 32) * (uint64_t)n) >> 32); }

static double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double *array_of(size_t n, int huge) {
  size_t bytes = n * sizeof(double), align = (size_t)2 << 20, len = (bytes + align - 1) / align * align;
  double *a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (a == MAP_FAILED) { perror("mmap"); exit(1); }
  if (huge) madvise(a, len, MADV_HUGEPAGE);
  for (size_t i = 0; i < n; i++) a[i] = 1.0 + (double)(i & 1023) * 1e-3; /* touch every page */
  return a;
}
static void release(double *a, size_t n) {
  size_t bytes = n * sizeof(double), align = (size_t)2 << 20;
  munmap(a, (bytes + align - 1) / align * align);
}

enum { LATENCY, PLAIN, PREFETCH, PREFETCH_HUGE, VARIANTS };

static double sink;

/* CPU ns per spike of `spikes` spikes of K updates each */
static double run(int variant, double *a, uint32_t n, int k, long spikes, uint64_t seed) {
  uint32_t t[1024];
  uint64_t s = seed;
  double start = cpu_seconds();
  if (variant == LATENCY) {
    uint32_t prev = 0;
    for (long sp = 0; sp < spikes; sp++) {
      for (int q = 0; q < k; q++) {
        /* the next target depends on the value just read: no overlap */
        uint32_t i = below(splitmix64(&s) + (uint64_t)(a[prev] > 1e300), n);
        a[i] = a[i] * 0.999999 + 1e-6;
        prev = i;
      }
    }
  } else if (variant == PLAIN) {
    for (long sp = 0; sp < spikes; sp++) {
      for (int q = 0; q < k; q++) {
        uint32_t i = below(splitmix64(&s), n);
        a[i] = a[i] * 0.999999 + 1e-6;
      }
    }
  } else {
    for (long sp = 0; sp < spikes; sp++) {
      for (int q = 0; q < k; q++) {
        t[q] = below(splitmix64(&s), n);
        __builtin_prefetch(&a[t[q]], 1, 3);
      }
      for (int q = 0; q < k; q++) a[t[q]] = a[t[q]] * 0.999999 + 1e-6;
    }
  }
  double used = cpu_seconds() - start;
  sink += a[below(splitmix64(&s), n)];
  return used * 1e9 / (double)spikes;
}

static int compare(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

int main(int argc, char **argv) {
  int k = argc > 1 ? atoi(argv[1]) : 100;
  long spikes = argc > 2 ? (long)atof(argv[2]) : 200000;
  int reps = argc > 3 ? atoi(argv[3]) : 5;
  const char *list = argc > 4 ? argv[4] : "1e3,1e4,1e5,1e6,1e7";
  if (k < 1 || k > 1024 || spikes < 1 || reps < 1 || reps > 99) {
    fprintf(stderr, "usage: %s [K in 1..1024] [SPIKES >= 1] [REPS in 1..99] [N list]\n", argv[0]);
    return 2;
  }
  printf("K = %d random 8-byte read-modify-writes per spike, %ld spikes, median CPU ns per spike of %d repetitions\n\n", k, spikes, reps);
  printf("| N | array MB | latency | plain | prefetch | prefetch+huge | latency / access | prefetch+huge / access |\n");
  printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  char *copy = strdup(list);
  for (char *tok = strtok(copy, ","); tok != NULL; tok = strtok(NULL, ",")) {
    uint32_t n = (uint32_t)atof(tok);
    if (n < 2) { fprintf(stderr, "bad N %s\n", tok); return 2; }
    double median[VARIANTS];
    double *plain = array_of(n, 0), *huge = array_of(n, 1);
    for (int v = 0; v < VARIANTS; v++) {
      double samples[99];
      double *a = v == PREFETCH_HUGE ? huge : plain;
      run(v, a, n, k, spikes / 10 + 1, 99); /* warm caches and TLB */
      for (int r = 0; r < reps; r++) samples[r] = run(v, a, n, k, spikes, 1 + (uint64_t)r);
      qsort(samples, (size_t)reps, sizeof(double), compare);
      median[v] = reps % 2 ? samples[reps / 2] : 0.5 * (samples[reps / 2 - 1] + samples[reps / 2]);
    }
    release(plain, n);
    release(huge, n);
    printf("| %s | %.3g | %.0f | %.0f | %.0f | %.0f | %.1f | %.1f |\n", tok, n * 8.0 / 1e6, median[LATENCY], median[PLAIN], median[PREFETCH], median[PREFETCH_HUGE],
           median[LATENCY] / k, median[PREFETCH_HUGE] / k);
    fflush(stdout);
  }
  free(copy);
  fprintf(stderr, "(checksum %g)\n", sink);
  return 0;
}
