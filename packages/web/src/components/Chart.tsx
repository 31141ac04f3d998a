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
        option={{ aria: { enabled: true }, ...option }}
        opts={{ renderer: "svg" }}
        style={{ height }}
        notMerge
      />
    </div>
  );
}
