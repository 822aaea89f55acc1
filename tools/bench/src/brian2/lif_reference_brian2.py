"""The reference LIF network of `pnpm bench` in Brian2's C++ standalone mode.

The network is the one our engines run (docs/algorithm.md §1, §2, §5): N
leaky integrate-and-fire neurons, tau dV/dt = -V + I with I = 1 + iext,
iext = tau sqrt(K) j0 nu (tau = 10 ms, j0 = 1, nu = 1 Hz: iext = 0.1 at
K = 100), threshold 1, reset 0, no refractory period; every neuron sends K
synapses to K distinct other neurons drawn at random (fixed out-degree),
each spike kicks V by J = -j0/sqrt(K) with no delay; initial phases
uniform in [0, 1), i.e. V = I (1 - exp(-phi/omega)), omega = 1/ln(1 + 1/iext).
The draws are Brian2's own (same statistics, not the same graph), so no
spike-train checksum can be compared: the firing rate is compared instead.

Brian2 integrates on a grid of step dt (the voltage update is exact between
steps, 'exact' method; spikes are detected and delivered at step ends).

Usage:
  python3 lif_reference_brian2.py N K DT_MS SECONDS SEED DIR

Builds and compiles the standalone project in DIR without running it and
prints one JSON line {"binary": ..., "cwd": ..., "compileSeconds": ...}.
The program DIR/main then runs the simulation when started (with DIR as its
working directory) and prints one line

  brian2 cpu_ns=<CPU ns of the network run> wall_ns=<wall ns> spikes=<count> sim_seconds=<T>

timed by clock_gettime(CLOCK_PROCESS_CPUTIME_ID / CLOCK_MONOTONIC) around
the network's run loop only: compilation, connectivity generation and
initialisation are outside the timed span.
"""
import json
import sys
import time

n, k, dt_ms, seconds, seed, directory = int(float(sys.argv[1])), int(float(sys.argv[2])), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]

import brian2 as b2  # noqa: E402
from brian2 import NeuronGroup, SpikeMonitor, Synapses, defaultclock, ms, run  # noqa: E402

b2.prefs.logging.console_log_level = 'WARNING'
b2.set_device('cpp_standalone', directory=directory, build_on_run=False)
defaultclock.dt = dt_ms * ms
b2.seed(seed)

tau_s, j0, nu = 0.01, 1.0, 1.0
iext = tau_s * k ** 0.5 * j0 * nu
drive = 1.0 + iext
omega = 1.0 / __import__('math').log(1.0 + 1.0 / iext)
kick = -j0 / k ** 0.5
tau = tau_s * 1000 * ms

neurons = NeuronGroup(n, 'dv/dt = (-v + drive) / tau : 1', threshold='v >= 1', reset='v = 0', method='exact',
                      namespace={'drive': drive, 'tau': tau})
neurons.v = f'{drive!r} * (1 - exp(-rand() / {omega!r}))'
synapses = Synapses(neurons, neurons, on_pre=f'v_post += {kick!r}')
# K distinct targets among the N - 1 others: sample N - 1 indices, skip past i
synapses.connect(j=f'_k + int(_k >= i) for _k in sample({n - 1}, size={k})')
monitor = SpikeMonitor(neurons, record=False)

count = b2.device.get_array_name(monitor.variables['N'], access_data=False)
b2.device.insert_code('before_network_run', 'struct timespec _bench_c0, _bench_w0; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &_bench_c0); clock_gettime(CLOCK_MONOTONIC, &_bench_w0);')
b2.device.insert_code(
    'after_network_run',
    'struct timespec _bench_c1, _bench_w1; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &_bench_c1); clock_gettime(CLOCK_MONOTONIC, &_bench_w1);\n'
    'std::cout << "brian2 cpu_ns=" << ((_bench_c1.tv_sec - _bench_c0.tv_sec) * 1e9 + (_bench_c1.tv_nsec - _bench_c0.tv_nsec))'
    ' << " wall_ns=" << ((_bench_w1.tv_sec - _bench_w0.tv_sec) * 1e9 + (_bench_w1.tv_nsec - _bench_w0.tv_nsec))'
    f' << " spikes=" << brian::{count}[0] << " sim_seconds={seconds!r}" << std::endl;',
)
run(seconds * 1000 * ms)
start = time.perf_counter()
b2.device.build(directory=directory, compile=True, run=False)
print(json.dumps({'binary': f'{directory}/main', 'cwd': directory, 'compileSeconds': time.perf_counter() - start}))
