import { Decimal } from "decimal.js";
import { svg } from "./dom.js";

/** Horizontal bars as inline SVG: label, bar scaled to the largest value, exact value as text. */
export function barChart(id: string, title: string, rows: ReadonlyArray<{ label: string; value: Decimal }>, quote: string): SVGElement {
  const width = 420;
  const rowHeight = 26;
  const labelWidth = 130;
  const max = rows.reduce((m, r) => Decimal.max(m, r.value), new Decimal(0));
  const chart = svg("svg", {
    id,
    class: "chart",
    width,
    height: rows.length * rowHeight + 24,
    viewBox: `0 0 ${width} ${rows.length * rowHeight + 24}`,
    role: "img",
    "aria-label": title,
  });
  chart.append(svg("text", { x: 0, y: 14, class: "chart-title" }, title));
  rows.forEach((row, i) => {
    const y = 24 + i * rowHeight;
    // The bar's length is a proportion for the eye; the label carries the exact value.
    const share = max.isZero() ? 0 : row.value.div(max).toNumber();
    const barWidth = Math.max(1, Math.round(share * (width - labelWidth - 110)));
    chart.append(
      svg("text", { x: 0, y: y + 16, class: "chart-label" }, row.label),
      svg("rect", { x: labelWidth, y: y + 4, width: barWidth, height: rowHeight - 8, rx: 3, class: "chart-bar" }),
      svg("text", { x: labelWidth + barWidth + 6, y: y + 16, class: "chart-value" }, `${row.value.toDecimalPlaces(2).toFixed()} ${quote}`),
    );
  });
  return chart;
}
