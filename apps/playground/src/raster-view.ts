/**
 * The scrolling raster: every spike of the sampled neurons within the last
 * `windowSeconds` of simulated time, one pixel column per time step, drawn
 * into an ImageData (no path per spike), newest on the right.
 */

/** Raster points kept for redrawing (times and rows); older ones are dropped. */
const POINT_CAPACITY = 1 << 21;
export const RASTER_BACKGROUND = [255, 255, 255] as const;
const DOT = [31, 78, 156] as const;
/** Population colours, in config order (excitatory first in the E/I presets). */
export const PALETTE: readonly (readonly [number, number, number])[] = [DOT, [200, 40, 40], [30, 140, 60], [150, 80, 170], [220, 130, 20]];

export class RasterView {
  private readonly times = new Float64Array(POINT_CAPACITY);
  private readonly rows = new Int32Array(POINT_CAPACITY);
  private head = 0; // next write slot
  private size = 0;
  private rowCount = 1;
  private image: ImageData | undefined;
  private pixels: Uint32Array | undefined;
  private readonly context: CanvasRenderingContext2D;
  private readonly background: number;
  private readonly dot: number;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const context = canvas.getContext('2d', { alpha: false });
    if (context === null) throw new Error('canvas 2D context unavailable');
    this.context = context;
    this.background = packRgba(RASTER_BACKGROUND);
    this.dot = packRgba(DOT);
  }

  /** Width of the canvas in device pixels. */
  width(): number {
    this.fit();
    return this.canvas.width;
  }

  /** The most raster rows worth sampling: one per two device pixel rows, so each dot is visible. */
  deviceRows(): number {
    this.fit();
    return Math.max(1, Math.floor(this.canvas.height / 2));
  }

  private rowColors: Uint32Array | undefined;

  /** Forget every point and set the number of raster rows; `populationOfRow` (0, 1, ...) picks each row's colour. */
  reset(rows: number, populationOfRow?: (row: number) => number): void {
    this.head = 0;
    this.size = 0;
    this.rowCount = Math.max(1, rows);
    this.rowColors = undefined;
    if (populationOfRow !== undefined) {
      this.rowColors = new Uint32Array(this.rowCount);
      for (let r = 0; r < this.rowCount; r++) this.rowColors[r] = packRgba(PALETTE[populationOfRow(r) % PALETTE.length]);
    }
  }

  add(times: Float64Array, rows: Int32Array): void {
    for (let s = 0; s < times.length; s++) {
      this.times[this.head] = times[s];
      this.rows[this.head] = rows[s];
      this.head = (this.head + 1) % POINT_CAPACITY;
      if (this.size < POINT_CAPACITY) this.size++;
    }
  }

  /** Points drawn by the last {@link draw}. */
  drawnPoints = 0;

  /** Draw the points in (end - window, end]. */
  draw(endSeconds: number, windowSeconds: number): void {
    this.fit();
    const { width, height } = this.canvas;
    if (this.image === undefined || this.image.width !== width || this.image.height !== height) {
      this.image = this.context.createImageData(width, height);
      this.pixels = new Uint32Array(this.image.data.buffer);
    }
    const pixels = this.pixels as Uint32Array;
    pixels.fill(this.background);
    const start = endSeconds - windowSeconds;
    const xScale = width / windowSeconds;
    const band = height / this.rowCount;
    const thickness = Math.max(1, Math.floor(band));
    const dotWidth = 2;
    let drawn = 0;
    for (let back = 1; back <= this.size; back++) {
      const slot = (this.head - back + POINT_CAPACITY) % POINT_CAPACITY;
      const t = this.times[slot];
      if (t <= start) break; // points are in time order
      if (t > endSeconds) continue;
      const x = Math.min(width - dotWidth, Math.floor((t - start) * xScale));
      const row = this.rows[slot];
      const color = this.rowColors === undefined ? this.dot : this.rowColors[row];
      const y0 = Math.floor(row * band);
      for (let y = y0; y < y0 + thickness && y < height; y++) {
        const base = y * width + x;
        pixels[base] = color;
        if (dotWidth === 2) pixels[base + 1] = color;
      }
      drawn++;
    }
    this.drawnPoints = drawn;
    this.context.putImageData(this.image, 0, 0);
  }

  /** Match the backing store to the element's size on screen. */
  private fit(): void {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(this.canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(this.canvas.clientHeight * ratio));
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
  }
}

/** An RGB colour as one little-endian RGBA pixel word. */
function packRgba([r, g, b]: readonly [number, number, number]): number {
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}
