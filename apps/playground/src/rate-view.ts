/**
 * The population rate: spikes of all neurons per neuron per second, in
 * columns of the same simulated-time window as the raster.
 */
export class RateView {
  /** Counts of bins `base`, `base + 1`, ... */
  private counts: number[] = [];
  private base = 0;
  private readonly context: CanvasRenderingContext2D;
  private scaleHz = 1;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly caption: HTMLElement,
  ) {
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('canvas 2D context unavailable');
    this.context = context;
  }

  private neurons = 1;
  private binSeconds = 1;

  reset(neurons: number, binSeconds: number): void {
    this.counts = [];
    this.base = 0;
    this.neurons = neurons;
    this.binSeconds = binSeconds;
    this.scaleHz = 1;
  }

  add(firstBin: number, counts: Int32Array): void {
    if (this.counts.length === 0) this.base = firstBin;
    const offset = firstBin - this.base;
    for (let b = 0; b < counts.length; b++) this.counts[offset + b] = counts[b];
    // keep between 2^20 and 2^21 bins (~9–17 min of simulated time at 0.5 ms): dropping the older
    // half at once keeps the cost per added bin constant
    if (this.counts.length > 1 << 21) {
      const drop = this.counts.length - (1 << 20);
      this.counts.splice(0, drop);
      this.base += drop;
    }
  }

  draw(endSeconds: number, windowSeconds: number): void {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(this.canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(this.canvas.clientHeight * ratio));
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const ctx = this.context;
    ctx.clearRect(0, 0, width, height);
    const start = endSeconds - windowSeconds;
    const columns = Math.max(1, Math.floor(width / (3 * ratio)));
    const binsPerColumn = Math.max(1, Math.round(windowSeconds / columns / this.binSeconds));
    const columnSeconds = binsPerColumn * this.binSeconds;
    const firstBin = Math.floor(start / this.binSeconds / binsPerColumn) * binsPerColumn;
    const rates: number[] = [];
    const xs: number[] = [];
    let max = 0;
    for (let b = Math.max(firstBin, this.base); b + binsPerColumn <= this.base + this.counts.length; b += binsPerColumn) {
      let sum = 0;
      for (let i = 0; i < binsPerColumn; i++) sum += this.counts[b - this.base + i] ?? 0;
      const rate = sum / this.neurons / columnSeconds;
      rates.push(rate);
      xs.push((((b + binsPerColumn) * this.binSeconds - start) / windowSeconds) * width);
      if (rate > max) max = rate;
    }
    if (max > this.scaleHz || max < this.scaleHz / 2) this.scaleHz = niceCeiling(Math.max(max, 1e-9) * 1.1);
    const yOf = (rate: number) => height - (rate / this.scaleHz) * (height - 4 * ratio);
    if (rates.length > 0) {
      ctx.beginPath();
      ctx.moveTo(xs[0], height);
      for (let c = 0; c < rates.length; c++) ctx.lineTo(xs[c], yOf(rates[c]));
      ctx.lineTo(xs[xs.length - 1], height);
      ctx.closePath();
      ctx.fillStyle = 'rgba(31, 78, 156, 0.25)';
      ctx.fill();
      ctx.beginPath();
      for (let c = 0; c < rates.length; c++) ctx.lineTo(xs[c], yOf(rates[c]));
      ctx.strokeStyle = 'rgb(31, 78, 156)';
      ctx.lineWidth = ratio;
      ctx.stroke();
    }
    this.caption.textContent = `population rate (Hz), 0 – ${formatNumber(this.scaleHz)} Hz, ${formatSeconds(columnSeconds)} per column`;
  }
}

/** The smallest 1, 2 or 5 × 10^k at or above `x`. */
export function niceCeiling(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  for (const step of [1, 2, 5, 10]) if (step * power >= x * (1 - 1e-12)) return step * power;
  return 10 * power;
}

export function formatSeconds(seconds: number): string {
  if (seconds === 0 || seconds >= 1) return `${formatNumber(seconds)} s`;
  if (seconds >= 1e-3) return `${formatNumber(seconds * 1e3)} ms`;
  return `${formatNumber(seconds * 1e6)} µs`;
}

export function formatNumber(x: number): string {
  if (x === 0) return '0';
  if (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}
