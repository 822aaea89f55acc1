// The backward sweep of exact spike-time gradients in exponential keys
// (ExpKeyBackward.run of @sparseprop/training, exp-key-gradients.ts), shared
// by the gradients module (assembly/exp-key-gradients.ts: on the tape its
// replay wrote) and the forward kernel (assembly/kernel.ts: on the tape the
// forward wrote as it ran, in its own memory, so nothing is copied). Same
// code, inlined into each: the same bits.
//
// Memory it reads (byte addresses passed in):
//   neurons i32[S], dLoss f64[S]       the train's neurons and dL/dt (from spike 0)
//   factor f64[G], targetTape i32[G], spikeTape i32[G], inStart i32[G]: per spike of the segment (from `from`)
//   tape f64[E]                        keys before each kick; input pairs (y before, F)
//   start i32[n + 1], post i32[nnz], shift f64[nnz]: the network (CSR), expShift(J) per synapse
//   inTarget i32[I], inChannel i32[I], inShift f64[C]: input events and their channels' key shifts
// and updates adjoint f64[n], gradient f64[nnz], inGrad f64[C].

/**
 * The backward sweep over spikes [from, to) in reverse: adjoints,
 * per-synapse and input-weight gradients; returns `uniformIn` plus the
 * uniform weight's gradient of these spikes (summed in the JS order).
 */
// prettier-ignore
@inline export function backwardSweep(
  from: i32, to: i32, theta: f64, shiftSlope: f64, tau: f64, uniformIn: f64, hasInputs: bool,
  neuronsBase: usize, dLossBase: usize, factorBase: usize, targetTapeBase: usize, spikeTapeBase: usize, inStartBase: usize, tapeBase: usize,
  startBase: usize, postBase: usize, shiftBase: usize, adjointBase: usize, gradientBase: usize,
  inTargetBase: usize, inChannelBase: usize, inShiftBase: usize, inGradBase: usize,
): f64 {
  const th = theta, slope0 = shiftSlope, tauValue = tau;
  const adjoints = adjointBase, posts = postBase, shiftsBase = shiftBase, gradients = gradientBase, tapes = tapeBase;
  let uniform = uniformIn;
  for (let s = to - 1; s >= from; s--) {
    const r = <usize>(s - from);
    const j = load<i32>(neuronsBase + (<usize>s << 2));
    const f = load<f64>(factorBase + (r << 3));
    const thetaF = th * f, slopeF = slope0 * f;
    let aj = load<f64>(adjointBase + (<usize>j << 3)) + load<f64>(dLossBase + (<usize>s << 3)) * tauValue; // T_j' = T_j + const, t_s = tau T_j
    const first = load<i32>(startBase + (<usize>j << 2));
    const last = load<i32>(startBase + (<usize>(j + 1) << 2)) - 1;
    const targetTape = load<i32>(targetTapeBase + (r << 2));
    // pointers walk the row and the tape backwards from the last synapse; the bases are locals
    let tape = tapes + (<usize>(targetTape + (last - first)) << 3);
    let postAt = posts + (<usize>last << 2), shiftAt = shiftsBase + (<usize>last << 3), gradientAt = gradients + (<usize>last << 3);
    const postFirst = posts + (<usize>first << 2);
    // two synapses per turn (unrolled: fewer pointer updates and branches; same operations in the same order)
    const postPair = postFirst + 4;
    for (; postAt >= postPair; postAt -= 8, shiftAt -= 16, gradientAt -= 16, tape -= 16) {
      {
        const ap = adjoints + (<usize>load<i32>(postAt) << 3);
        const ai = load<f64>(ap);
        if (ai != 0) {
          // (a zero adjoint: nothing downstream depends on T_i yet)
          const yb = load<f64>(tape);
          const ya = yb + load<f64>(shiftAt) * f;
          if (ya <= thetaF) {
            aj += ai; // kicked to threshold: T_i' = T_j
            store<f64>(ap, 0);
          } else {
            const inverse = 1 / ya;
            const slope = yb * inverse;
            aj += ai * (1 - slope);
            store<f64>(ap, ai * slope);
            const contribution = ai * slopeF * inverse;
            uniform += contribution;
            store<f64>(gradientAt, load<f64>(gradientAt) + contribution);
          }
        }
      }
      {
        const ap = adjoints + (<usize>load<i32>(postAt - 4) << 3);
        const ai = load<f64>(ap);
        if (ai != 0) {
          const yb = load<f64>(tape - 8);
          const ya = yb + load<f64>(shiftAt - 8) * f;
          if (ya <= thetaF) {
            aj += ai;
            store<f64>(ap, 0);
          } else {
            const inverse = 1 / ya;
            const slope = yb * inverse;
            aj += ai * (1 - slope);
            store<f64>(ap, ai * slope);
            const contribution = ai * slopeF * inverse;
            uniform += contribution;
            store<f64>(gradientAt - 8, load<f64>(gradientAt - 8) + contribution);
          }
        }
      }
    }
    for (; postAt >= postFirst; postAt -= 4, shiftAt -= 8, gradientAt -= 8, tape -= 8) {
      {
        const ap = adjoints + (<usize>load<i32>(postAt) << 3);
        const ai = load<f64>(ap);
        if (ai != 0) {
          const yb = load<f64>(tape);
          const ya = yb + load<f64>(shiftAt) * f;
          if (ya <= thetaF) {
            aj += ai;
            store<f64>(ap, 0);
          } else {
            const inverse = 1 / ya;
            const slope = yb * inverse;
            aj += ai * (1 - slope);
            store<f64>(ap, ai * slope);
            const contribution = ai * slopeF * inverse;
            uniform += contribution;
            store<f64>(gradientAt, load<f64>(gradientAt) + contribution);
          }
        }
      }
    }
    store<f64>(adjointBase + (<usize>j << 3), aj);
    if (hasInputs) {
      // the inputs applied just before spike s, in reverse (tape pairs y_b, F; their times are fixed)
      const firstEntry = load<i32>(spikeTapeBase + (r << 2));
      const firstInput = load<i32>(inStartBase + (r << 2));
      for (let te = targetTape - 2; te >= firstEntry; te -= 2) {
        const q = firstInput + ((te - firstEntry) >> 1);
        const i = load<i32>(inTargetBase + (<usize>q << 2));
        const ap = adjointBase + (<usize>i << 3);
        const ai = load<f64>(ap);
        if (ai == 0) continue;
        const at = tapeBase + (<usize>te << 3);
        const yb = load<f64>(at), fIn = load<f64>(at + 8);
        const channel = load<i32>(inChannelBase + (<usize>q << 2));
        const ya = yb + load<f64>(inShiftBase + (<usize>channel << 3)) * fIn;
        if (ya <= th * fIn) {
          store<f64>(ap, 0);
          continue;
        }
        store<f64>(ap, (ai * yb) / ya);
        const gp = inGradBase + (<usize>channel << 3);
        store<f64>(gp, load<f64>(gp) + (ai * slope0 * fIn) / ya);
      }
    }
  }
  return uniform;
}
