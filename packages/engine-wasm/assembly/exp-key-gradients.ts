// The replay and backward sweep of exact spike-time gradients in exponential
// keys (ExpKeyReplay and ExpKeyBackward of @sparseprop/training,
// exp-key-gradients.ts) as a WebAssembly module (AssemblyScript), for an
// explicit network (CSR) with per-synapse key shifts and optional input
// events.
//
// Every arithmetic step is the JS classes', in the same order, and log and
// exp come from the host (Math.log, Math.exp), so the gradients are
// bit-identical to the JS path (tested). The host (the training package's
// driver) lays out memory with `configure`, writes the network, train and
// inputs through the pointers, runs `scan` (untaped replay, cut into
// segments) and, per segment from the last, `restore` + `replay` (taped) +
// `backward`; or, given the tape the forward kernel wrote (assembly/kernel.ts,
// same layout), `reserveTape`, copies it in through the tape pointers and
// runs `backward` alone.
//
// Memory (byte offsets set by `configure`, then `reserveTape`):
//   y        f64[n]       y_i = w_i F: each neuron's key times the clock factor
//   adjoint  f64[n]       dL/dT_k of every neuron's next spike time
//   shift    f64[nnz]     expShift(J) per synapse (CSR order)
//   gradient f64[nnz]     dL/dJ per synapse
//   start    i32[n + 1]   CSR row starts
//   post     i32[nnz]     CSR targets
//   times    f64[S]       recorded spike times (seconds)
//   dLoss    f64[S]       dL/dt per spike (per second)
//   neurons  i32[S]       spiking neuron per spike
//   inTimes  f64[I]       input event times (seconds)
//   inShift  f64[C]       expShift(w_c) per input channel
//   inGrad   f64[C]       dL/dw_c per channel
//   inTarget i32[I], inChannel i32[I]
//   tape     f64[E]       y before every kick of the segment (inputs: y, F)
//   factor   f64[G]       F at every spike of the segment
//   inStart, spikeTape, targetTape i32[G]: per spike of the segment, its first input, first tape entry, first kick entry

import { backwardSweep } from "./backward-sweep";

@external("host", "log") declare function hostLog(x: f64): f64;
@external("host", "exp") declare function hostExp(x: f64): f64;

let n: i32 = 0;
let nnz: i32 = 0;
let spikeCount: i32 = 0;
let inputCount: i32 = 0;
let channelCount: i32 = 0;
let theta: f64 = 1;
let wReset: f64 = 1;
let tau: f64 = 1;
let rescaleFactor: f64 = 1;
let logRescale: f64 = 0;
let shiftSlope: f64 = 0;
let kMax: i32 = 1;

let yBase: usize = 0;
let adjointBase: usize = 0;
let shiftBase: usize = 0;
let gradientBase: usize = 0;
let startBase: usize = 0;
let postBase: usize = 0;
let timesBase: usize = 0;
let dLossBase: usize = 0;
let neuronsBase: usize = 0;
let inTimesBase: usize = 0;
let inShiftBase: usize = 0;
let inGradBase: usize = 0;
let inTargetBase: usize = 0;
let inChannelBase: usize = 0;
let fixedEnd: u64 = 0;
let tapeBase: usize = 0;
let factorBase: usize = 0;
let inStartBase: usize = 0;
let spikeTapeBase: usize = 0;
let targetTapeBase: usize = 0;

// replay state
let fClock: f64 = 0;
let rescalings: i32 = 0;
let input: i32 = 0;
/** Tape entries (written or, untaped, counted) since the segment started. */
let events: f64 = 0;
let maxDeviation: f64 = 0;
let segmentEvents: f64 = 0;
// backward state
let uniformWeight: f64 = 0;

const LIMIT: u64 = 4294967296 - 65536;

function alignUp(x: u64, a: u64): u64 {
  return (x + a - 1) & ~(a - 1);
}

function ensure(at: u64): bool {
  if (at > LIMIT) return false;
  const pages = <i32>((at + 65535) >> 16);
  const have = memory.size();
  return pages <= have || memory.grow(pages - have) >= 0;
}

/**
 * Lay out the network, train and inputs; zeroes the adjoint and gradients.
 * `rescale` is EXP_KEY_RESCALE (2^-256), `logRescaleValue` its host-rounded
 * log. Returns the bytes in use, or 0 when they exceed 4 GiB or memory
 * cannot grow.
 */
export function configure(nNeurons: i32, synapses: i32, spikes: i32, inputs: i32, channels: i32, thetaValue: f64, resetValue: f64, tauValue: f64, rescale: f64, logRescaleValue: f64, slope: f64, maxOutDegree: i32): f64 {
  n = nNeurons;
  nnz = synapses;
  spikeCount = spikes;
  inputCount = inputs;
  channelCount = channels;
  theta = thetaValue;
  wReset = resetValue;
  tau = tauValue;
  rescaleFactor = rescale;
  logRescale = logRescaleValue;
  shiftSlope = slope;
  kMax = maxOutDegree > 1 ? maxOutDegree : 1;
  fClock = 0;
  rescalings = 0;
  input = 0;
  events = 0;
  maxDeviation = 0;
  segmentEvents = 0;
  uniformWeight = 0;
  let at: u64 = alignUp(<u64>__heap_base, 64);
  yBase = <usize>at;
  at = alignUp(at + 8 * <u64>n, 64);
  adjointBase = <usize>at;
  at = alignUp(at + 8 * <u64>n, 64);
  shiftBase = <usize>at;
  at = alignUp(at + 8 * <u64>nnz, 64);
  gradientBase = <usize>at;
  at = alignUp(at + 8 * <u64>nnz, 64);
  timesBase = <usize>at;
  at = alignUp(at + 8 * <u64>spikes, 64);
  dLossBase = <usize>at;
  at = alignUp(at + 8 * <u64>spikes, 64);
  inTimesBase = <usize>at;
  at = alignUp(at + 8 * <u64>inputs, 64);
  inShiftBase = <usize>at;
  at = alignUp(at + 8 * <u64>channels, 64);
  inGradBase = <usize>at;
  at = alignUp(at + 8 * <u64>channels, 64);
  startBase = <usize>at;
  at = alignUp(at + 4 * (<u64>n + 1), 64);
  postBase = <usize>at;
  at = alignUp(at + 4 * <u64>nnz, 64);
  neuronsBase = <usize>at;
  at = alignUp(at + 4 * <u64>spikes, 64);
  inTargetBase = <usize>at;
  at = alignUp(at + 4 * <u64>inputs, 64);
  inChannelBase = <usize>at;
  at = alignUp(at + 4 * <u64>inputs, 64);
  fixedEnd = at;
  if (!ensure(at)) return 0;
  memory.fill(adjointBase, 0, <usize>(8 * n));
  memory.fill(gradientBase, 0, <usize>(8 * <u64>nnz));
  memory.fill(inGradBase, 0, <usize>(8 * channels));
  return <f64>at;
}

/** The bytes `reserveTape(tapeEvents, segmentSpikes)` would use in all (to check against 4 GiB before trying). */
export function bytesWithTape(tapeEvents: f64, segmentSpikes: i32): f64 {
  return <f64>tapeEnd(fixedEnd, <u64>tapeEvents, segmentSpikes);
}

function tapeEnd(from: u64, tapeEvents: u64, segmentSpikes: i32): u64 {
  let at = from;
  at = alignUp(at + 8 * tapeEvents, 64);
  at = alignUp(at + 8 * <u64>(segmentSpikes + 1), 64);
  at = alignUp(at + 4 * <u64>(segmentSpikes + 1), 64);
  at = alignUp(at + 4 * <u64>(segmentSpikes + 1), 64);
  at = alignUp(at + 4 * <u64>(segmentSpikes + 1), 64);
  return at;
}

/** Room for a tape of `tapeEvents` entries and `segmentSpikes` spikes per segment; the bytes in use, or 0 when it does not fit. */
export function reserveTape(tapeEvents: f64, segmentSpikes: i32): f64 {
  const end = tapeEnd(fixedEnd, <u64>tapeEvents, segmentSpikes);
  if (!ensure(end)) return 0;
  let at = fixedEnd;
  tapeBase = <usize>at;
  at = alignUp(at + 8 * <u64>tapeEvents, 64);
  factorBase = <usize>at;
  at = alignUp(at + 8 * <u64>(segmentSpikes + 1), 64);
  inStartBase = <usize>at;
  at = alignUp(at + 4 * <u64>(segmentSpikes + 1), 64);
  spikeTapeBase = <usize>at;
  at = alignUp(at + 4 * <u64>(segmentSpikes + 1), 64);
  targetTapeBase = <usize>at;
  return <f64>end;
}

// --- pointers and state for the host ---
export function yPointer(): usize { return yBase; }
export function adjointPointer(): usize { return adjointBase; }
export function shiftPointer(): usize { return shiftBase; }
export function gradientPointer(): usize { return gradientBase; }
export function startPointer(): usize { return startBase; }
export function postPointer(): usize { return postBase; }
export function timesPointer(): usize { return timesBase; }
export function dLossPointer(): usize { return dLossBase; }
export function neuronsPointer(): usize { return neuronsBase; }
export function inputTimesPointer(): usize { return inTimesBase; }
export function inputShiftPointer(): usize { return inShiftBase; }
export function inputGradientPointer(): usize { return inGradBase; }
export function inputTargetsPointer(): usize { return inTargetBase; }
export function inputChannelsPointer(): usize { return inChannelBase; }
export function tapePointer(): usize { return tapeBase; }
export function factorPointer(): usize { return factorBase; }
export function inputStartPointer(): usize { return inStartBase; }
export function spikeTapePointer(): usize { return spikeTapeBase; }
export function targetTapePointer(): usize { return targetTapeBase; }
export function clockFactor(): f64 { return fClock; }
export function rescalingCount(): i32 { return rescalings; }
export function nextInput(): i32 { return input; }
export function eventCount(): f64 { return events; }
export function replayDeviation(): f64 { return maxDeviation; }
export function uniformWeightGradient(): f64 { return uniformWeight; }

/** Set the replay state at a checkpoint (y is written by the host); the segment's tape starts empty. */
export function restore(clock: f64, rescaled: i32, nextInputEvent: i32): void {
  fClock = clock;
  rescalings = rescaled;
  input = nextInputEvent;
  events = 0;
}

@inline function yAt(i: i32): f64 {
  return load<f64>(yBase + (<usize>i << 3));
}
@inline function setY(i: i32, value: f64): void {
  store<f64>(yBase + (<usize>i << 3), value);
}

function rescale(): void {
  for (let k = 0; k < n; k++) setY(k, yAt(k) * rescaleFactor);
  fClock *= rescaleFactor;
  rescalings++;
}

/**
 * The inputs due before spike `s` of neuron `j` (ExpKeyReplay.run's inner
 * loop); with `taping`, tape pairs (y before, F) from entry `events`.
 */
@inline function applyInputs(j: i32, taping: bool): void {
  const limit = 1 / rescaleFactor;
  while (input < inputCount) {
    let fIn = hostExp(load<f64>(inTimesBase + (<usize>input << 3)) / tau - <f64>rescalings * logRescale);
    const fSpike = yAt(j) / theta > fClock ? yAt(j) / theta : fClock;
    if (fIn > fSpike) break;
    if (fIn > limit) {
      rescale();
      fIn *= rescaleFactor;
    }
    const i = load<i32>(inTargetBase + (<usize>input << 2));
    const yb = yAt(i);
    let ya = yb + load<f64>(inShiftBase + (<usize>load<i32>(inChannelBase + (<usize>input << 2)) << 3)) * fIn;
    if (ya <= theta * fIn) ya = theta * fIn; // kicked to threshold: spikes now
    setY(i, ya);
    if (taping) {
      const at = tapeBase + (<usize>events << 3);
      store<f64>(at, yb);
      store<f64>(at + 8, fIn);
    }
    events += 2;
    if (fIn > fClock) fClock = fIn;
    input++;
  }
}

/** The clock factor of spike `s` of neuron `j` (a kick to threshold spikes now), and the deviation of its time. */
@inline function spikeFactor(s: i32, j: i32, measure: bool): f64 {
  let f = yAt(j) / theta;
  if (f < fClock) f = fClock;
  fClock = f;
  if (measure) {
    const deviation = Math.abs((<f64>rescalings * logRescale + hostLog(f)) * tau - load<f64>(timesBase + (<usize>s << 3)));
    if (!(deviation <= maxDeviation)) maxDeviation = deviation;
  }
  return f;
}

/**
 * Replay spikes [from, to) with no tape, measuring the deviation from the
 * recorded times and counting tape entries: stops after the first spike `s`
 * at which the segment's entries plus `kMax` exceed `budgetEvents` (and
 * `s + 1 < spikes`), returning `s + 1` (the next segment's first spike;
 * the host checkpoints there), or `to`.
 */
export function scan(from: i32, to: i32, budgetEvents: f64): i32 {
  const limit = 1 / rescaleFactor;
  const reset = wReset, th = theta;
  const ys = yBase, posts = postBase, shiftsBase = shiftBase;
  const hasInputs = inputCount > 0;
  for (let s = from; s < to; s++) {
    const before = events;
    const j = load<i32>(neuronsBase + (<usize>s << 2));
    if (hasInputs) applyInputs(j, false);
    if (yAt(j) / th > limit) rescale(); // after the inputs: where the forward's clock passes 2^256 (same scale per event)
    const f = spikeFactor(s, j, true);
    const thetaF = th * f;
    const first = load<i32>(startBase + (<usize>j << 2));
    const end = load<i32>(startBase + (<usize>(j + 1) << 2));
    let postAt = posts + (<usize>first << 2), shiftAt = shiftsBase + (<usize>first << 3);
    const postEnd = posts + (<usize>end << 2);
    for (; postAt < postEnd; postAt += 4, shiftAt += 8) {
      const yp = ys + (<usize>load<i32>(postAt) << 3);
      const ya = load<f64>(yp) + load<f64>(shiftAt) * f;
      store<f64>(yp, ya <= thetaF ? thetaF : ya);
    }
    events += <f64>(end - first);
    setY(j, reset * f);
    segmentEvents += events - before;
    if (segmentEvents + <f64>kMax > budgetEvents && s + 1 < spikeCount) {
      segmentEvents = 0;
      return s + 1;
    }
  }
  return to;
}

/**
 * Replay spikes [from, to) writing the tape (y before each kick) and the
 * per-spike offsets of the segment starting at `from`; `measure` as in `scan`.
 */
export function replay(from: i32, to: i32, measure: bool): void {
  const limit = 1 / rescaleFactor;
  const reset = wReset, th = theta;
  const ys = yBase, posts = postBase, shiftsBase = shiftBase, tapes = tapeBase;
  const hasInputs = inputCount > 0;
  let ev = <i32>events;
  for (let s = from; s < to; s++) {
    const r = <usize>(s - from);
    const j = load<i32>(neuronsBase + (<usize>s << 2));
    store<i32>(inStartBase + (r << 2), input);
    store<i32>(spikeTapeBase + (r << 2), ev);
    if (hasInputs) {
      events = <f64>ev;
      applyInputs(j, true);
      ev = <i32>events;
    }
    if (yAt(j) / th > limit) rescale(); // after the inputs, as in `scan`
    store<i32>(targetTapeBase + (r << 2), ev);
    const f = spikeFactor(s, j, measure);
    store<f64>(factorBase + (r << 3), f);
    const thetaF = th * f;
    const first = load<i32>(startBase + (<usize>j << 2));
    const end = load<i32>(startBase + (<usize>(j + 1) << 2));
    // pointers walk the row and the tape; the bases are locals (a global is a memory read per use in the loop)
    let tape = tapes + (<usize>ev << 3);
    let postAt = posts + (<usize>first << 2), shiftAt = shiftsBase + (<usize>first << 3);
    const postEnd = posts + (<usize>end << 2);
    for (; postAt < postEnd; postAt += 4, shiftAt += 8, tape += 8) {
      const yp = ys + (<usize>load<i32>(postAt) << 3);
      const yb = load<f64>(yp);
      const ya = yb + load<f64>(shiftAt) * f;
      store<f64>(yp, ya <= thetaF ? thetaF : ya);
      store<f64>(tape, yb);
    }
    ev += end - first;
    setY(j, reset * f);
  }
  events = <f64>ev;
}

/**
 * The backward sweep over spikes [from, to) in reverse (ExpKeyBackward.run),
 * reading the tape `replay(from, to)` wrote: adjoints, per-synapse and
 * uniform weight gradients, input-weight gradients.
 */
export function backward(from: i32, to: i32): void {
  uniformWeight = backwardSweep(
    from, to, theta, shiftSlope, tau, uniformWeight, inputCount > 0,
    neuronsBase, dLossBase, factorBase, targetTapeBase, spikeTapeBase, inStartBase, tapeBase,
    startBase, postBase, shiftBase, adjointBase, gradientBase,
    inTargetBase, inChannelBase, inShiftBase, inGradBase,
  );
}
