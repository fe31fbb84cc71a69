/** A small log–log line chart as standalone SVG: enough for latency against corpus size, no dependency. */

export interface ChartPoint {
  x: number;
  y: number;
}

export interface ChartSeries {
  label: string;
  color: string;
  dashed: boolean;
  points: ChartPoint[];
}

/** A single mark, such as a target to stay under. */
export interface ChartMarker extends ChartPoint {
  label: string;
}

export interface LogLogChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  markers: ChartMarker[];
  /** Short lines under the legend, e.g. what was not measured. */
  notes: string[];
  formatX: (value: number) => string;
  formatY: (value: number) => string;
}

const WIDTH = 780;
const HEIGHT = 440;
const MARGIN = { left: 70, right: 250, top: 44, bottom: 56 };
const MARKER_COLOR = "#c0392b";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Whole decades around the values, so gridlines fall on 1, 10, 100… */
function decadeDomain(values: number[]): [number, number] {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  if (positive.length === 0) return [1, 10];
  const low = Math.floor(Math.log10(Math.min(...positive)));
  const high = Math.ceil(Math.log10(Math.max(...positive)));
  return [low, high === low ? low + 1 : high];
}

export function renderLogLogChart(chart: LogLogChart): string {
  const allPoints = [...chart.series.flatMap((series) => series.points), ...chart.markers];
  const [xLow, xHigh] = decadeDomain(allPoints.map((point) => point.x));
  const [yLow, yHigh] = decadeDomain(allPoints.map((point) => point.y));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  // Pixel positions to a tenth: finer adds bytes, not sharpness.
  const sx = (x: number) => Math.round((MARGIN.left + ((Math.log10(x) - xLow) / (xHigh - xLow)) * plotWidth) * 10) / 10;
  const sy = (y: number) => Math.round((MARGIN.top + plotHeight - ((Math.log10(y) - yLow) / (yHigh - yLow)) * plotHeight) * 10) / 10;
  const parts: string[] = [];

  parts.push(`<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  parts.push(`<text x="${MARGIN.left}" y="24" font-size="15" font-weight="bold">${escapeXml(chart.title)}</text>`);

  for (let decade = yLow; decade <= yHigh; decade++) {
    const y = sy(10 ** decade);
    parts.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotWidth}" y2="${y}" stroke="#d0d0d0"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${y + 4}" text-anchor="end">${escapeXml(chart.formatY(10 ** decade))}</text>`);
    if (decade === yHigh) continue;
    for (const minor of [2, 5]) {
      const yMinor = sy(minor * 10 ** decade);
      parts.push(`<line x1="${MARGIN.left}" y1="${yMinor}" x2="${MARGIN.left + plotWidth}" y2="${yMinor}" stroke="#efefef"/>`);
    }
  }
  for (let decade = xLow; decade <= xHigh; decade++) {
    const x = sx(10 ** decade);
    parts.push(`<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + plotHeight}" stroke="#d0d0d0"/>`);
    parts.push(`<text x="${x}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle">${escapeXml(chart.formatX(10 ** decade))}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#808080"/>`);
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`);
  parts.push(
    `<text x="18" y="${MARGIN.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 18 ${MARGIN.top + plotHeight / 2})">${escapeXml(chart.yLabel)}</text>`,
  );

  for (const series of chart.series) {
    const points = [...series.points].sort((a, b) => a.x - b.x);
    const dash = series.dashed ? ` stroke-dasharray="6 4"` : "";
    if (points.length > 1) {
      const path = points.map((point) => `${sx(point.x)},${sy(point.y)}`).join(" ");
      parts.push(`<polyline points="${path}" fill="none" stroke="${series.color}" stroke-width="2"${dash}/>`);
    }
    for (const point of points) parts.push(`<circle cx="${sx(point.x)}" cy="${sy(point.y)}" r="3.5" fill="${series.color}"/>`);
  }
  for (const marker of chart.markers) {
    const x = sx(marker.x);
    const y = sy(marker.y);
    parts.push(`<path d="M ${x} ${y - 6} L ${x + 6} ${y} L ${x} ${y + 6} L ${x - 6} ${y} Z" fill="none" stroke="${MARKER_COLOR}" stroke-width="1.5"/>`);
    // Labels on the right half go to the left of their mark, so none runs into the legend.
    const leftOfMark = x > MARGIN.left + plotWidth / 2;
    parts.push(
      `<text x="${leftOfMark ? x - 9 : x + 9}" y="${y - 6}" text-anchor="${leftOfMark ? "end" : "start"}" fill="${MARKER_COLOR}" font-size="11">${escapeXml(marker.label)}</text>`,
    );
  }

  const legendX = MARGIN.left + plotWidth + 18;
  chart.series.forEach((series, i) => {
    const y = MARGIN.top + 10 + i * 22;
    const dash = series.dashed ? ` stroke-dasharray="6 4"` : "";
    parts.push(`<line x1="${legendX}" y1="${y}" x2="${legendX + 26}" y2="${y}" stroke="${series.color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${legendX + 32}" y="${y + 4}">${escapeXml(series.label)}</text>`);
  });
  if (chart.markers.length > 0) {
    const y = MARGIN.top + 10 + chart.series.length * 22;
    parts.push(`<path d="M ${legendX + 13} ${y - 6} L ${legendX + 19} ${y} L ${legendX + 13} ${y + 6} L ${legendX + 7} ${y} Z" fill="none" stroke="${MARKER_COLOR}" stroke-width="1.5"/>`);
    parts.push(`<text x="${legendX + 32}" y="${y + 4}">target</text>`);
  }
  const notesY = MARGIN.top + 10 + (chart.series.length + (chart.markers.length > 0 ? 1 : 0)) * 22 + 14;
  chart.notes.forEach((note, i) => parts.push(`<text x="${legendX}" y="${notesY + i * 16}" font-size="11" fill="#606060">${escapeXml(note)}</text>`));

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12" fill="#202020">`,
    ...parts.map((part) => `  ${part}`),
    "</svg>",
    "",
  ].join("\n");
}
