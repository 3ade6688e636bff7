// A Chart.js chart in React: a canvas described for screen readers (role="img" and a label), with
// the same figures in a visually hidden table next to it. Only the pieces used are registered.
import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  DoughnutController,
  ArcElement,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  DoughnutController,
  ArcElement,
  Legend,
  Tooltip,
);
Chart.defaults.font.family = "'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif";
Chart.defaults.color = '#1b1f24';

export const PALETTE = ['#0b5cad', '#8b1a1a', '#1d6b36', '#8a5a00', '#5b3c99', '#006d77', '#b5179e', '#4a5361'];

export interface ChartTable {
  caption: string;
  columns: string[];
  rows: { label: string; values: (number | string | null)[] }[];
}

export function ChartView({
  config,
  label,
  table,
  height = 260,
}: {
  config: ChartConfiguration;
  label: string;
  table: ChartTable;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | undefined>(undefined);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current?.destroy();
    chart.current = new Chart(canvas.current, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
    });
    return () => chart.current?.destroy();
  }, [JSON.stringify(config.data), config.type]);
  return (
    <div className="chart">
      <div style={{ position: 'relative', height }}>
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
      <table className="sr-only">
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            <th scope="col">—</th>
            {table.columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {r.values.map((v, i) => (
                <td key={i}>{v ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
