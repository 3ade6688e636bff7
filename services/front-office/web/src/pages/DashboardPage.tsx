// Leaders' dashboard: Biểu II.06a for a chosen period and grouping with drill-down to the
// dossiers, the on-time rate, charts over time, overdue and due-soon dossiers; XLSX download from
// reporting; refreshed when reporting's figures change (server-sent events).
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, ApiFailure, type FieldError } from '../api';
import { when } from '../labels';
import { ErrorBanner, errorFor, Field } from '../ui';
import { DashboardCharts } from './DashboardCharts';
import { DrillDown } from './DrillDown';

interface Counts {
  received: number;
  online: number;
  counterOrPostal: number;
  carriedOver: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  inProgress: number;
  withinTime: number;
  overdue: number;
}
interface Dashboard {
  report: { rows: { no: number; key: string; label: string; counts: Counts }[]; total: Counts; cutoff: string };
  statistics: {
    receivedInPeriod: number;
    resolved: number;
    onTimeRate: number;
    hasOnTimeRate: boolean;
    channels: { channel: number; received: number; share: number }[];
  };
  overdue: WorkItem[];
  dueSoon: WorkItem[];
}
interface WorkItem {
  dossierId: string;
  dossierCode: string;
  procedureName: string;
  agencyCode: string;
  dueAt: string;
}

function WorkList({ items, empty }: { items: WorkItem[]; empty: string }) {
  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul>
      {items.map((o) => (
        <li key={o.dossierId}>
          {o.dossierCode} — {o.procedureName} ({o.agencyCode}), hạn {when(o.dueAt)}
        </li>
      ))}
    </ul>
  );
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const pct = (x: number) => `${(x * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;
const COLS: [keyof Counts, string][] = [
  ['received', '(3) Tổng số'],
  ['online', '(4) Trực tuyến'],
  ['counterOrPostal', '(5) Trực tiếp, bưu chính'],
  ['carriedOver', '(6) Kỳ trước chuyển qua'],
  ['resolved', '(7) Đã giải quyết'],
  ['early', '(8) Trước hạn'],
  ['onTime', '(9) Đúng hạn'],
  ['late', '(10) Quá hạn'],
  ['inProgress', '(11) Đang giải quyết'],
  ['withinTime', '(12) Trong hạn'],
  ['overdue', '(13) Quá hạn'],
];

/** One row's figures of Biểu II.06a, in the columns' order. */
function Figures({ counts }: { counts: Partial<Counts> | undefined }) {
  return (
    <>
      {COLS.map(([k]) => (
        <td key={k} className="num">
          {counts?.[k] ?? 0}
        </td>
      ))}
    </>
  );
}

export function DashboardPage() {
  const today = new Date();
  const [from, setFrom] = useState(iso(new Date(today.getFullYear(), today.getMonth(), 1)));
  const [to, setTo] = useState(iso(today));
  const [grouping, setGrouping] = useState('field');
  const [data, setData] = useState<Dashboard>();
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<FieldError[]>([]);

  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&grouping=${grouping}`;
  // The query the figures on screen are for (changes when "Xem báo cáo" succeeds), and a counter
  // bumped by each live refresh so the charts and the drill-down reload too.
  const [shown, setShown] = useState<{ query: string; grouping: string }>();
  const [version, setVersion] = useState(0);
  const [updatedAt, setUpdatedAt] = useState<Date>();
  const [drill, setDrill] = useState<{ field: string; label: string }>();
  const load = useCallback(async () => {
    setError(undefined);
    setFields([]);
    try {
      setData(await api<Dashboard>('GET', `/api/dashboard?${query}`));
      setShown((s) => (s?.query === query ? s : { query, grouping }));
      setVersion((v) => v + 1); // "Xem báo cáo" again: the charts and the drill-down reload with the figures
      setUpdatedAt(new Date());
    } catch (e) {
      const f = e as ApiFailure;
      setError(f.message);
      setFields(f.fields ?? []);
    }
  }, [query, grouping]);
  useEffect(() => {
    void load();
  }, []);

  // Live refresh: reporting's figures moved → reload what is on screen.
  useEffect(() => {
    if (!shown || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/dashboard/live?${shown.query}`);
    source.addEventListener('changed', () => {
      api<Dashboard>('GET', `/api/dashboard?${shown.query}`).then(
        (d) => {
          setData(d);
          setVersion((v) => v + 1);
          setUpdatedAt(new Date());
        },
        () => undefined,
      );
    });
    return () => source.close();
  }, [shown]);

  const stats = data?.statistics;
  return (
    <>
      <h1>Báo cáo, thống kê</h1>
      <form
        className="card filters"
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void load();
        }}
      >
        <Field id="from" label="Từ ngày" type="date" value={from} onChange={setFrom} error={errorFor(fields, 'from')} />
        <Field id="to" label="Đến ngày" type="date" value={to} onChange={setTo} error={errorFor(fields, 'to')} />
        <div className="field">
          <label htmlFor="grouping">Nhóm theo</label>
          <select id="grouping" value={grouping} onChange={(e) => setGrouping(e.target.value)}>
            <option value="field">Lĩnh vực</option>
            <option value="agency">Cơ quan chuyên môn</option>
            <option value="unit">Đơn vị tiếp nhận</option>
            <option value="level">Cấp</option>
            <option value="procedure">Thủ tục</option>
          </select>
        </div>
        <button type="submit" className="primary">
          Xem báo cáo
        </button>
        <a className="button" href={`/api/dashboard/export?${query}`} download>
          Tải Biểu II.06a (XLSX)
        </a>
      </form>
      <ErrorBanner message={error} />
      <p className="live muted" role="status" aria-live="polite" data-testid="updated-at">
        {updatedAt ? `Số liệu tự động cập nhật khi có hồ sơ mới; lần cập nhật gần nhất ${updatedAt.toLocaleTimeString('vi-VN')}.` : ''}
      </p>
      {data && stats ? (
        <>
          <div className="kpis">
            <div className="kpi card">
              <p className="kpi-label">Hồ sơ tiếp nhận trong kỳ</p>
              <p className="kpi-value" data-testid="kpi-received">
                {stats.receivedInPeriod}
              </p>
            </div>
            <div className="kpi card">
              <p className="kpi-label">Đã giải quyết</p>
              <p className="kpi-value">{stats.resolved}</p>
            </div>
            <div className="kpi card">
              <p className="kpi-label">Tỷ lệ đúng hạn</p>
              <p className="kpi-value" data-testid="kpi-ontime">
                {stats.hasOnTimeRate ? pct(stats.onTimeRate) : 'Chưa có'}
              </p>
            </div>
          </div>
          {shown ? <DashboardCharts query={shown.query} version={version} channels={stats.channels} /> : null}
          {drill && shown ? (
            <DrillDown
              field={drill.field}
              fieldLabel={drill.label}
              query={shown.query}
              version={version}
              onClose={() => setDrill(undefined)}
            />
          ) : null}
          <section className="card wide-table" aria-labelledby="report">
            <h2 id="report">Biểu II.06a — Tình hình giải quyết thủ tục hành chính</h2>
            <table className="list report">
              <thead>
                <tr>
                  <th scope="col">(1) STT</th>
                  <th scope="col">(2) Nhóm</th>
                  {COLS.map(([, label]) => (
                    <th scope="col" key={label}>
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.report.rows.map((r) => (
                  <tr key={r.key}>
                    <td>{r.no}</td>
                    <td>
                      {shown?.grouping === 'field' ? (
                        <button type="button" className="link-button" onClick={() => setDrill({ field: r.key, label: r.label })}>
                          {r.label}
                        </button>
                      ) : (
                        r.label
                      )}
                    </td>
                    <Figures counts={r.counts} />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    Tổng cộng
                  </th>
                  <Figures counts={data.report.total} />
                </tr>
              </tfoot>
            </table>
          </section>
          <div className="two-col">
            <section className="card" aria-labelledby="overdue">
              <h2 id="overdue">Hồ sơ quá hạn</h2>
              <WorkList items={data.overdue} empty="Không có hồ sơ quá hạn." />
            </section>
            <section className="card" aria-labelledby="due-soon">
              <h2 id="due-soon">Hồ sơ sắp đến hạn</h2>
              <WorkList items={data.dueSoon} empty="Không có hồ sơ sắp đến hạn." />
            </section>
          </div>
        </>
      ) : null}
    </>
  );
}
