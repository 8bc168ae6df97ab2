import type { Chart, ChartType, Plugin } from 'chart.js';
import type { Intervals } from './charts';

declare module 'chart.js' {
  // The type parameter must match chart.js's own declaration for the interfaces to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    /** 95% intervals per dataset and label, drawn as whiskers over the bars. */
    ciWhiskers?: { intervals: Intervals; horizontal?: boolean };
  }
}

/** Draws a confidence interval as a whisker over each bar; chart.js has no error bars of its own. */
export const ciWhiskers: Plugin<'bar'> = {
  id: 'ciWhiskers',
  afterDatasetsDraw(chart: Chart<'bar'>, _args, options: { intervals?: Intervals; horizontal?: boolean }) {
    const intervals = options.intervals ?? [];
    const { ctx } = chart;
    ctx.save();
    ctx.strokeStyle = '#1f2933';
    ctx.lineWidth = 1.5;
    intervals.forEach((perLabel, datasetIndex) => {
      const meta = chart.getDatasetMeta(datasetIndex);
      if (meta.hidden) return;
      const valueScale = options.horizontal ? chart.scales['x'] : chart.scales['y'];
      if (!valueScale) return;
      perLabel.forEach((interval, index) => {
        const bar = meta.data[index];
        if (!interval || !bar) return;
        const low = valueScale.getPixelForValue(interval[0]);
        const high = valueScale.getPixelForValue(interval[1]);
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
        const cap = 4;
        ctx.beginPath();
        if (options.horizontal) {
          ctx.moveTo(low, y);
          ctx.lineTo(high, y);
          ctx.moveTo(low, y - cap);
          ctx.lineTo(low, y + cap);
          ctx.moveTo(high, y - cap);
          ctx.lineTo(high, y + cap);
        } else {
          ctx.moveTo(x, low);
          ctx.lineTo(x, high);
          ctx.moveTo(x - cap, low);
          ctx.lineTo(x + cap, low);
          ctx.moveTo(x - cap, high);
          ctx.lineTo(x + cap, high);
        }
        ctx.stroke();
      });
    });
    ctx.restore();
  },
};
