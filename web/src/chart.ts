/**
 * The line chart of the compare view, with echarts' parts imported one by one (core, line, grid,
 * legend, tooltip, the canvas renderer for the screen and the SVG renderer for the SVG download).
 * The tooltip is drawn in the canvas (renderMode richText): echarts' HTML tooltip writes markup with
 * style attributes, which the page's CSP forbids; region names are never HTML here.
 */
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export interface LineData {
  title: string;
  years: number[];
  series: { name: string; values: (number | null)[] }[];
  unit: string;
}

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

function option(d: LineData, forExport: boolean): EChartsCoreOption {
  const share = d.unit === 'share';
  return {
    animation: !forExport,
    backgroundColor: '#fff',
    textStyle: { fontFamily: FONT },
    title: { text: d.title, left: 8, top: 4, textStyle: { fontSize: 14, fontWeight: 'bold', fontFamily: FONT } },
    tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: (v: unknown) => (v == null ? '—' : share ? `${(Number(v) * 100).toFixed(1)}%` : String(v)) },
    legend: { type: 'scroll', bottom: 4, textStyle: { fontFamily: FONT } },
    grid: { left: 56, right: 24, top: 44, bottom: 56 },
    xAxis: { type: 'category', data: d.years.map(String), boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => (share ? `${Math.round(v * 100)}%` : String(v)) } },
    series: d.series.map((s) => ({ type: 'line', name: s.name, data: s.values, connectNulls: false, symbolSize: 7 })),
  };
}

export class Chart {
  private readonly chart: echarts.ECharts;
  private readonly onResize = () => this.chart.resize();

  constructor(
    readonly el: HTMLElement,
    private readonly data: LineData,
  ) {
    this.chart = echarts.init(el, undefined, { renderer: 'canvas' });
    this.chart.setOption(option(data, false));
    window.addEventListener('resize', this.onResize);
  }

  pngDataUrl(): string {
    return this.chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
  }

  /** The same chart drawn by the SVG renderer, off screen (server-side rendering mode: a string, never in the DOM). */
  svg(): string {
    const width = Math.max(640, this.el.clientWidth);
    const height = Math.max(360, this.el.clientHeight);
    const c = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width, height });
    try {
      c.setOption(option(this.data, true));
      return c.renderToSVGString();
    } finally {
      c.dispose();
    }
  }

  seriesCount(): number {
    return ((this.chart.getOption() as { series?: unknown[] }).series ?? []).length;
  }

  dispose(): void {
    window.removeEventListener('resize', this.onResize);
    this.chart.dispose();
  }
}
