/**
 * SparseProp spike-train analysis: streaming per-population statistics
 * (rate, ISI CV, Fano factor, Golomb's synchrony χ) and the standard figure
 * (raster, population rate, rate and CV distributions) rendered to SVG/PNG
 * with vega-lite and resvg.
 * @packageDocumentation
 */
export { SpikeStatistics, type Population, type PopulationStatistics, type SpikeStatisticsResult, type StatisticsOptions } from './spike-statistics.js';
export { FigureRecorder, type FigureRecorderOptions } from './figure-recorder.js';
export { figureSpec, renderSpikeFigure, renderSvg, svgToPng, type FigureInput, type FigureOptions, type FigureSummary } from './spike-figure.js';
