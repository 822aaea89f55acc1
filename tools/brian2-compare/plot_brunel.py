"""Figure of the Brunel comparison from the JSON lines of `compare run`.

Usage: python3 plot_brunel.py OUT.png RECORDS.jsonl ...

Rows: the states present (SR, AI, ...). Columns: an E raster of ours, an E
raster of Brian2 at its finest dt (first realisation of each, E neurons 0-59,
100 ms after the discarded transient; 20 ms for SR), the population-rate spectra (Welch,
shot-noise units) and the coherence ratio (population power over the sum of
single-neuron powers; 1 = uncorrelated neurons) of every simulator, means
over realisations.
Matplotlib from Debian (python3-matplotlib).
"""
import json
import sys

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt
import numpy as np

out, files = sys.argv[1], sys.argv[2:]
records = [json.loads(line) for f in files for line in open(f) if line.strip()]


def label(r):
    return 'SparseProp (exact)' if r['simulator'] == 'ours' else f"Brian2 dt = {r['dtMs']} ms"


states = [s for s in ['SR', 'AI', 'SI-fast', 'SI-slow'] if any(r['state'] == s for r in records)]
fig, axes = plt.subplots(len(states), 4, figsize=(18, 3.8 * len(states)), squeeze=False, gridspec_kw={'width_ratios': [1, 1, 1.2, 1.2]})
colours = {'SparseProp (exact)': 'black'}
for row, state in enumerate(states):
    rs = [r for r in records if r['state'] == state]
    groups = {}
    for r in rs:
        groups.setdefault(label(r), []).append(r)
    brian = sorted((k for k in groups if k != 'SparseProp (exact)'), key=lambda k: groups[k][0]['dtMs'])
    g, eta = rs[0]['g'], rs[0]['eta']
    for col, name in enumerate(['SparseProp (exact)', brian[0] if brian else None]):
        ax = axes[row][col]
        if name is None or name not in groups:
            ax.set_axis_off()
            continue
        r = min(groups[name], key=lambda x: x['seed'])
        t = (np.asarray(r['raster']['times']) - r['burn']) * 1000
        ax.scatter(t, r['raster']['neurons'], s=2, c='black', marker='|', linewidths=0.8)
        ax.set_xlim(0, 20 if state == 'SR' else 100)  # SR: a few 3 ms cycles, to see the clusters
        ax.set_ylim(-1, 60)
        ax.set_title(f"{state} (g = {g}, η = {eta}): {name}, seed {r['seed']}", fontsize=9)
        ax.set_xlabel(f"time after {r['burn']} s (ms)")
        ax.set_ylabel('E neuron')
    palette = ['tab:red', 'tab:blue', 'tab:green', 'tab:orange']
    for col, key, ylabel, title in [(2, 'power', 'population power / shot noise', 'population-rate spectrum (Welch, 0.5 ms bins)'),
                                    (3, 'coherence', 'population power / sum of single-neuron powers', 'coherence ratio (1 = uncorrelated neurons)')]:
        ax = axes[row][col]
        for k, name in enumerate(['SparseProp (exact)'] + brian):
            if name not in groups:
                continue
            values = np.mean([r['spectrum'][key] for r in groups[name]], axis=0)
            f = np.arange(len(values)) * groups[name][0]['spectrum']['df']
            keep = f >= 20
            ax.semilogy(f[keep], values[keep], color=colours.get(name, palette[(k - 1) % len(palette)]), lw=1.6 if k == 0 else 1.0, ls='-' if k == 0 else '--', label=f"{name} (R = {len(groups[name])})")
        ax.axhline(1, color='grey', lw=0.6, ls=':')
        ax.set_xlim(0, 1000)
        ax.set_xlabel('frequency (Hz)')
        ax.set_ylabel(ylabel, fontsize=8)
        ax.set_title(f'{state}: {title}', fontsize=9)
        ax.legend(fontsize=7)
fig.suptitle(f"Brunel model A, N = {records[0]['n']}: SparseProp's exact network engine and Brian2 2.5", fontsize=11)
fig.tight_layout()
fig.savefig(out, dpi=110)
print(out)
