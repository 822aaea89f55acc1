/**
 * Cost per event of the network engine on the Brunel network: ns per
 * external Poisson event (a network with only the Poisson drive, weights too
 * small to fire) and per delivered synaptic event (the full AI network, its
 * external share subtracted at the first measurement's cost). Times are CPU
 * time of this process (`process.cpuUsage()`), not wall time, so that other
 * jobs on a shared machine inflate them less.
 *
 *   pnpm --filter @sparseprop/tool-brian2-compare exec tsx --conditions=@sparseprop/source src/event-cost.ts [--n 10000] [--seconds 0.5]
 */
import { readFileSync } from 'node:fs';
import { cpuUsage } from 'node:process';
import { parseArgs } from 'node:util';
import { NetworkSimulator } from '@sparseprop/core/plugin';
import { lif } from '@sparseprop/model-lif';
import { brunelPreset, compileNetwork, expectedExternalEvents } from '@sparseprop/network';
import { thirtyTwoAryHeap } from '@sparseprop/queue-heap';

const { values } = parseArgs({ options: { n: { type: 'string', default: '10000' }, seconds: { type: 'string', default: '0.5' } } });
const n = Number(values.n), seconds = Number(values.seconds);

function run(config: ReturnType<typeof brunelPreset>) {
  const { network } = compileNetwork(config, { models: [lif] });
  const simulator = new NetworkSimulator(network, thirtyTwoAryHeap.create(network.size));
  simulator.run({ maxTimeSeconds: 0.05 }); // warm up the JIT
  const before = simulator.deliveries;
  const cpu = cpuUsage();
  const summary = simulator.run({ maxTimeSeconds: seconds });
  const used = cpuUsage(cpu);
  const events = simulator.deliveries - before;
  const external = expectedExternalEvents(network, seconds) - expectedExternalEvents(network, 0.05);
  return { cpu: (used.user + used.system) / 1e6, wall: summary.wallSeconds, events, external, spikes: summary.spikes };
}

const ai = brunelPreset({ n, g: 5, eta: 2 });
const drive = (ai.inputs?.[0] as { poisson: { to: string[]; rate: number; count: number; weight: number } }).poisson;
const poissonOnly: ReturnType<typeof brunelPreset> = { ...ai, projections: [], inputs: [{ poisson: { ...drive, weight: 1e-12 } }] };
const p = run(poissonOnly);
const nsExternal = (p.cpu * 1e9) / p.events;
const full = run(ai);
const synaptic = full.events - full.external;
const nsSynaptic = (full.cpu * 1e9 - full.external * nsExternal) / synaptic;
console.log(`Brunel AI, N = ${n}, ${seconds - 0.05} s measured after 0.05 s warm-up`);
console.log(`external Poisson only: ${p.events} events in ${p.cpu.toFixed(2)} s CPU (${p.wall.toFixed(2)} s wall): ${nsExternal.toFixed(0)} ns per external event`);
console.log(`full network: ${full.spikes} spikes, ${full.external.toFixed(0)} external + ${synaptic.toFixed(0)} synaptic events in ${full.cpu.toFixed(2)} s CPU (${full.wall.toFixed(2)} s wall): ${((full.cpu * 1e9) / full.events).toFixed(0)} ns per event, ${nsSynaptic.toFixed(0)} ns per delivered synaptic event; ${(full.cpu / (seconds - 0.05)).toFixed(1)} CPU s per simulated s; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
