// The dashboard's charts: on-time rate by field and month, channel shares, dossiers received per week.
import { useEffect, useState } from 'react';
import { api, ApiFailure } from '../api';
import { ChartView, PALETTE } from '../Chart';
import { CHANNEL } from '../labels';
import { ErrorBanner } from '../ui';

export interface Series {
  months: string[];
  onTimeByField: { field: string; label: string; rates: (number | null)[] }[];
  weekly: { week: string; received: number }[];
}

const monthLabel = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;
const weekLabel = (w: string) => `${w.slice(8, 10)}/${w.slice(5, 7)}`;

export function DashboardCharts({
  query,
  version,
  channels,
}: {
  query: string;
  version: number;
  channels: { channel: number; received: number; share: number }[];
}) {
  const [series, setSeries] = useState<Series>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    api<Series>('GET', `/api/dashboard/series?${query}`).then(
      (s) => live && (setSeries(s), setError(undefined)),
      (e: ApiFailure) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [query, version]);

  const loading = error ? null : <p className="loading">Đang tải…</p>;
  const channelLabels = channels.map((c) => CHANNEL[c.channel] ?? String(c.channel));
  return (
    <div className="charts">
      <ErrorBanner message={error} />
      <section className="card" aria-labelledby="chart-ontime">
        <h2 id="chart-ontime">Tỷ lệ giải quyết đúng hạn theo lĩnh vực và tháng (%)</h2>
        {series === undefined ? (
          loading
        ) : series.onTimeByField.length ? (
          <ChartView
            label="Biểu đồ đường: tỷ lệ hồ sơ giải quyết đúng hạn (trước hạn và đúng hạn) theo lĩnh vực, từng tháng"
            config={{
              type: 'line',
              data: {
                labels: series.months.map(monthLabel),
                datasets: series.onTimeByField.map((f, i) => ({
                  label: f.label,
                  data: f.rates,
                  borderColor: PALETTE[i % PALETTE.length],
                  backgroundColor: PALETTE[i % PALETTE.length],
                  spanGaps: true,
                })),
              },
              options: { scales: { y: { min: 0, max: 100 } } },
            }}
            table={{
              caption: 'Tỷ lệ đúng hạn (%) theo lĩnh vực và tháng',
              columns: series.months.map(monthLabel),
              rows: series.onTimeByField.map((f) => ({ label: f.label, values: f.rates })),
            }}
          />
        ) : (
          <p className="empty">Chưa có hồ sơ đã giải quyết trong kỳ.</p>
        )}
      </section>
      <div className="two-col">
        <section className="card" aria-labelledby="channels">
          <h2 id="channels">Tỷ lệ theo kênh tiếp nhận</h2>
          {channels.some((c) => c.received > 0) ? (
            <ChartView
              height={220}
              label={`Biểu đồ tròn: hồ sơ theo kênh — ${channels.map((c, i) => `${channelLabels[i]} ${c.received}`).join(', ')}`}
              config={{
                type: 'doughnut',
                data: {
                  labels: channelLabels,
                  datasets: [
                    { data: channels.map((c) => c.received), backgroundColor: channels.map((_, i) => PALETTE[i % PALETTE.length]!) },
                  ],
                },
                options: { plugins: { legend: { position: 'right' } } },
              }}
              table={{
                caption: 'Hồ sơ theo kênh tiếp nhận',
                columns: ['Số hồ sơ', 'Tỷ lệ (%)'],
                rows: channels.map((c, i) => ({ label: channelLabels[i]!, values: [c.received, Math.round(c.share * 1000) / 10] })),
              }}
            />
          ) : (
            <p className="empty">Chưa có hồ sơ trong kỳ.</p>
          )}
        </section>
        <section className="card" aria-labelledby="chart-weekly">
          <h2 id="chart-weekly">Hồ sơ tiếp nhận theo tuần</h2>
          {series ? (
            <ChartView
              height={220}
              label={`Biểu đồ cột: số hồ sơ tiếp nhận mỗi tuần, tổng ${series.weekly.reduce((n, w) => n + w.received, 0)}`}
              config={{
                type: 'bar',
                data: {
                  labels: series.weekly.map((w) => `Tuần ${weekLabel(w.week)}`),
                  datasets: [{ label: 'Hồ sơ tiếp nhận', data: series.weekly.map((w) => w.received), backgroundColor: PALETTE[0] }],
                },
                options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
              }}
              table={{
                caption: 'Hồ sơ tiếp nhận theo tuần (tuần bắt đầu từ thứ Hai)',
                columns: ['Số hồ sơ'],
                rows: series.weekly.map((w) => ({ label: `Tuần ${weekLabel(w.week)}`, values: [w.received] })),
              }}
            />
          ) : (
            loading
          )}
        </section>
      </div>
    </div>
  );
}
