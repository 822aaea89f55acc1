"""Brunel (2000) model A in Brian2, the same network as @sparseprop/network's brunelPreset.

LIF with delta synapses, threshold theta = 20 mV, reset Vr = 10 mV, tau = 20 ms,
refractory 2 ms during which v is held at Vr and input is ignored (as in NEST's
iaf_psc_delta and our engine), fixed in-degree C_E = eps N_E from E and
C_I = eps N_I from I (no autapses), weights J and -g J, one delay D, and C_E
external Poisson inputs per neuron of rate eta * nu_thr, nu_thr = theta / (J C_E tau).
Initial voltages uniform in [Vr, theta).

Usage: python3 brunel_brian2.py N G ETA DT_MS SECONDS SEED OUT.csv [standalone|runtime]
Writes spikes as CSV time_s,neuron (E first, then I) and prints one JSON line
with the wall time of the simulation loop (build and compile excluded).
"""
import json
import sys
import time

import numpy as np

n_total, g, eta, dt_ms, seconds, seed, out = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
mode = sys.argv[8] if len(sys.argv) > 8 else 'standalone'

import brian2 as b2
from brian2 import Hz, NeuronGroup, PoissonInput, SpikeMonitor, Synapses, defaultclock, ms, mV, run

if mode == 'standalone':
    b2.set_device('cpp_standalone', directory=f'/tmp/brian2-brunel-{n_total}-{dt_ms}-{seed}')
else:
    b2.prefs.codegen.target = 'numpy'

defaultclock.dt = dt_ms * ms
b2.seed(seed)
rng = np.random.default_rng(seed)

n_e = round(0.8 * n_total)
n_i = n_total - n_e
eps = 0.1
c_e, c_i = max(1, round(eps * n_e)), max(1, round(eps * n_i))
theta, v_r, tau, tau_rp, delay, jump = 20 * mV, 10 * mV, 20 * ms, 2 * ms, 1.5 * ms, 0.1 * mV  # not `j`: Brian2's post index
nu_thr = theta / (jump * c_e * tau)
nu_ext = eta * nu_thr

neurons = NeuronGroup(n_total, 'dv/dt = -v / tau : volt (unless refractory)', threshold='v >= theta', reset='v = v_r', refractory=tau_rp, method='exact')
neurons.v = v_r + (theta - v_r) * rng.random(n_total)


def in_degree(n_pre, pre_offset, same):
    """Each postsynaptic neuron gets c distinct presynaptic ones (no autapse)."""
    c = c_e if n_pre == n_e else c_i
    pre = np.empty(n_total * c, dtype=np.int64)
    post = np.repeat(np.arange(n_total), c)
    for t in range(n_total):
        if same(t):
            local = t - pre_offset
            choice = rng.choice(n_pre - 1, size=c, replace=False)
            choice[choice >= local] += 1
        else:
            choice = rng.choice(n_pre, size=c, replace=False)
        pre[t * c:(t + 1) * c] = choice
    return pre, post


# input during the refractory period is ignored, as in the engine (v is held at v_r)
exc = Synapses(neurons[:n_e], neurons, on_pre='v_post += jump * int(not_refractory_post)', delay=delay)
pre, post = in_degree(n_e, 0, lambda t: t < n_e)
exc.connect(i=pre, j=post)
inh = Synapses(neurons[n_e:], neurons, on_pre='v_post += -g * jump * int(not_refractory_post)', delay=delay)
pre, post = in_degree(n_i, n_e, lambda t: t >= n_e)
inh.connect(i=pre, j=post)
external = PoissonInput(neurons, 'v', N=c_e, rate=nu_ext, weight='jump * int(not_refractory)')
spikes = SpikeMonitor(neurons)

start = time.perf_counter()
run(seconds * 1000 * ms)
if mode == 'standalone':
    # the generated program's own timing of the network run (compilation excluded)
    wall = float(b2.device._last_run_time)
else:
    wall = time.perf_counter() - start

t = np.asarray(spikes.t / b2.second)
i = np.asarray(spikes.i)
order = np.lexsort((i, t))
with open(out, 'w') as f:
    f.write('time_s,neuron\n')
    for ts, ns in zip(t[order], i[order]):
        f.write(f'{ts:.9f},{ns}\n')
print(json.dumps({'wallSeconds': wall, 'spikes': int(len(t)), 'nE': n_e, 'nI': n_i, 'cE': c_e, 'cI': c_i, 'nuExtHz': float(nu_ext / Hz), 'dtMs': dt_ms}))
