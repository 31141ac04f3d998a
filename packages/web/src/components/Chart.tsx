/**
 * ECharts, with only the chart types and components the dashboard draws, so the bundle stays
 * small; rendered as SVG so the Chinese labels use the page's fonts.
 */
import { BarChart, LineChart } from "echarts/charts";
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import type { EChartsCoreOption } from "echarts/core";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import { FONT_STACK } from "../fonts.ts";

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  AriaComponent,
  SVGRenderer,
]);

export function Chart({
  option,
  label,
  height = 320,
}: {
  readonly option: EChartsCoreOption;
  readonly label: string;
  readonly height?: number;
}) {
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        // ECharts writes its own font into the SVG (plain sans-serif): the page's stack instead,
        // so Chinese and Tibetan labels find the same fonts as the text around them.
        option={{ aria: { enabled: true }, textStyle: { fontFamily: FONT_STACK }, ...option }}
        opts={{ renderer: "svg" }}
        style={{ height }}
        notMerge
      />
    </div>
  );
}
