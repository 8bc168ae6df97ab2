import type { Chart, ChartType, Plugin } from 'chart.js';
import type { Gaps } from './charts';

declare module 'chart.js' {
  // The type parameter must match chart.js's own declaration for the interfaces to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    /** Why a bar is missing, written where it would be. */
    gapNotes?: { gaps: Gaps; horizontal?: boolean; centred?: boolean };
  }
}

/** The text cut to fit `room` pixels, with an ellipsis where it is cut; the table beside the chart has it whole. */
function fit(ctx: CanvasRenderingContext2D, text: string, room: number): string {
  if (ctx.measureText(text).width <= room) return text;
  let end = text.length;
  while (end > 0 && ctx.measureText(`${text.slice(0, end)}…`).width > room) end--;
  return end > 0 ? `${text.slice(0, end)}…` : '';
}

/**
 * Writes why a bar is missing in its empty place (too few answers, hidden to protect a group, round open, not
 * reported), so that a gap never reads as zero or as nothing at all.
 */
export const gapNotes: Plugin<'bar'> = {
  id: 'gapNotes',
  afterDatasetsDraw(
    chart: Chart<'bar'>,
    _args,
    options: { gaps?: Gaps; horizontal?: boolean; centred?: boolean },
  ) {
    const gaps = options.gaps ?? [];
    const { ctx, chartArea } = chart;
    const valueScale = options.horizontal ? chart.scales['x'] : chart.scales['y'];
    if (!valueScale) return;
    ctx.save();
    ctx.fillStyle = '#52606d';
    ctx.font = 'italic 11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    gaps.forEach((perLabel, datasetIndex) => {
      const meta = chart.getDatasetMeta(datasetIndex);
      if (meta.hidden) return;
      perLabel.forEach((note, index) => {
        const bar = meta.data[index];
        if (!note || !bar) return;
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
        if (options.horizontal) {
          const start = options.centred ? valueScale.getPixelForValue(0) : chartArea.left + 6;
          ctx.textAlign = options.centred ? 'center' : 'left';
          const room = options.centred ? chartArea.width - 12 : chartArea.right - start - 6;
          ctx.fillText(fit(ctx, note, room), start, y);
        } else {
          // Upwards from the axis, so that a narrow place still has room for the words.
          ctx.save();
          ctx.translate(x, chartArea.bottom - 6);
          ctx.rotate(-Math.PI / 2);
          ctx.textAlign = 'left';
          ctx.fillText(fit(ctx, note, chartArea.height - 12), 0, 0);
          ctx.restore();
        }
      });
    });
    ctx.restore();
  },
};
