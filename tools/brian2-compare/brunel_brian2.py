"""Brunel (2000) model A in Brian2, the same network as @sparseprop/network's brunelPreset.

LIF with delta synapses, threshold theta = 20 mV, reset Vr = 10 mV, tau = 20 ms,
refractory 2 ms during which v is held at Vr and input is ignored (as in NEST's
iaf_psc_delta and our engine), fixed in-degree C_E = eps N_E from E and
C_I = eps N_I from I (distinct presynaptic neurons, no autapses), weights J and
-g J, one delay D, and C_E external Poisson inputs per neuron of rate
eta * nu_thr, nu_thr = theta / (J C_E tau). Initial voltages uniform in [Vr, theta).
Every random draw (connectivity, initial voltages: numpy; Poisson input:
Brian2's generator) comes from SEED, so each seed is one independent
realisation of the random network model.

Brian2's grid semantics (default schedule groups -> thresholds -> synapses ->
resets, every dt): the leak is integrated exactly over a step, then the
threshold is tested (not while refractory), then the delayed spikes of the
recurrent synapses and the external input are added, every input of a step at
once (the external one as a Binomial(C_E, nu_ext dt) count of jumps J). An
input that lifts v over threshold is seen at the next step's test, after one
more step of leak. Refractoriness: not_refractory = timestep(t - lastspike) >=
timestep(2 ms), so an input at exactly the end of the period is applied, as
in our engine.

Usage: python3 brunel_brian2.py N G ETA DT_MS SECONDS SEED OUT_PREFIX
Writes OUT_PREFIX.t.f64 (spike times, s, float64) and OUT_PREFIX.i.i32
(neuron, int32; E first, then I), in time order, and prints one JSON line
with the CPU time of the generated program's network run (its own
std::clock() timing), the wall and CPU time of the whole program (loading
included), and the code generation and compilation time (C++ standalone).
"""
import json
import os
import resource
import sys
import time

import numpy as np

n_total, g, eta, dt_ms, seconds, seed, out = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), sys.argv[7]

import brian2 as b2
from brian2 import Hz, NeuronGroup, PoissonInput, SpikeMonitor, Synapses, defaultclock, ms, mV, run

# One project directory per network shape and grid, reused across seeds: only the
# seed and the static arrays change, so make recompiles main.cpp alone.
# Serial make: this machine's cores are shared (at most two jobs at a time).
# BRIAN2_PROJECT_TAG separates the projects of runs of one shape made at the same time.
directory = f'/tmp/brian2-brunel-{n_total}-{g}-{eta}-{dt_ms}' + ('-norec' if os.environ.get('BRUNEL_NO_RECURRENT') == '1' else '') + os.environ.get('BRIAN2_PROJECT_TAG', '')
b2.set_device('cpp_standalone', directory=directory, build_on_run=False)
b2.prefs.devices.cpp_standalone.extra_make_args_unix = []

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


# BRUNEL_NO_RECURRENT=1: the external Poisson drive alone (unconnected neurons), a check of the input, threshold and refractory semantics
if os.environ.get('BRUNEL_NO_RECURRENT') != '1':
    # input during the refractory period is ignored, as in the engine (v is held at v_r)
    exc = Synapses(neurons[:n_e], neurons, on_pre='v_post += jump * int(not_refractory_post)', delay=delay)
    pre, post = in_degree(n_e, 0, lambda t: t < n_e)
    exc.connect(i=pre, j=post)
    inh = Synapses(neurons[n_e:], neurons, on_pre='v_post += -g * jump * int(not_refractory_post)', delay=delay)
    pre, post = in_degree(n_i, n_e, lambda t: t >= n_e)
    inh.connect(i=pre, j=post)
external = PoissonInput(neurons, 'v', N=c_e, rate=nu_ext, weight='jump * int(not_refractory)')
spikes = SpikeMonitor(neurons)

run(seconds * 1000 * ms)
build_start = time.perf_counter()
b2.device.build(directory=directory, compile=True, run=False, with_output=False)
build = time.perf_counter() - build_start
before = resource.getrusage(resource.RUSAGE_CHILDREN)
wall_start = time.perf_counter()
b2.device.run(directory=os.path.abspath(directory), with_output=False, run_args=[])
wall = time.perf_counter() - wall_start  # the program, including loading its arrays and building the synapses
after = resource.getrusage(resource.RUSAGE_CHILDREN)
program_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
# The program's own timing of the network run: std::clock() without OpenMP, i.e.
# CPU time of the run loop (loading excluded), the same measure as ours' cpuSeconds.
cpu = float(b2.device._last_run_time)

t = np.asarray(spikes.t_, dtype=np.float64)
i = np.asarray(spikes.i, dtype=np.int32)
t.tofile(out + '.t.f64')
i.tofile(out + '.i.i32')
print(json.dumps({'wallSeconds': wall, 'cpuSeconds': cpu, 'programCpuSeconds': program_cpu, 'buildSeconds': build, 'spikes': int(len(t)), 'nE': n_e, 'nI': n_i, 'cE': c_e, 'cI': c_i, 'nuExtHz': float(nu_ext / Hz), 'dtMs': dt_ms, 'seed': seed}))
