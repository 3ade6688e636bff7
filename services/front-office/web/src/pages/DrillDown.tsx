// Drill-down from Biểu II.06a: a field → its procedures (with their counts) → the dossiers of a
// procedure received in the period.
import { useEffect, useState } from 'react';
import { api, ApiFailure } from '../api';
import { STATUS, when } from '../labels';
import { ErrorBanner } from '../ui';

interface ProcedureRow {
  key: string;
  label: string;
  counts: { received: number; resolved: number; early: number; onTime: number; late: number; inProgress: number; overdue: number };
}
// The procedure table's figures: each column's heading and value from one list.
const SUMMARY: [string, (c: ProcedureRow['counts']) => number][] = [
  ['Tiếp nhận', (c) => c.received],
  ['Đã giải quyết', (c) => c.resolved],
  ['Đúng, trước hạn', (c) => c.early + c.onTime],
  ['Quá hạn', (c) => c.late + c.overdue],
  ['Đang giải quyết', (c) => c.inProgress],
];

interface DossierRow {
  dossierCode: string;
  procedureName: string;
  agencyCode: string;
  receivedAt: string;
  appointedAt: string;
  resultReadyAt?: string;
  returnedAt?: string;
  status: number;
}

export function DrillDown({
  field,
  fieldLabel,
  query,
  version,
  onClose,
}: {
  field: string;
  fieldLabel: string;
  query: string;
  version: number;
  onClose(): void;
}) {
  const [rows, setRows] = useState<ProcedureRow[]>();
  const [procedure, setProcedure] = useState<ProcedureRow>();
  const [dossiers, setDossiers] = useState<DossierRow[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api<{ rows: ProcedureRow[] }>('GET', `/api/dashboard/fields/${encodeURIComponent(field)}?${query}`).then(
      (r) => setRows(r.rows),
      (e: ApiFailure) => setError(e.message),
    );
  }, [field, query, version]);
  useEffect(() => {
    if (!procedure) return setDossiers(undefined);
    api<{ rows: DossierRow[] }>('GET', `/api/dashboard/procedures/${encodeURIComponent(procedure.key)}/dossiers?${query}`).then(
      (r) => setDossiers(r.rows),
      (e: ApiFailure) => setError(e.message),
    );
  }, [procedure, query, version]);

  return (
    <section className="card drill" aria-labelledby="drill">
      <nav aria-label="Vị trí xem chi tiết" className="crumbs">
        <button type="button" className="link-button" onClick={onClose}>
          Biểu II.06a
        </button>{' '}
        ›{' '}
        {procedure ? (
          <>
            <button type="button" className="link-button" onClick={() => setProcedure(undefined)}>
              {fieldLabel}
            </button>{' '}
            › <span aria-current="page">{procedure.label}</span>
          </>
        ) : (
          <span aria-current="page">{fieldLabel}</span>
        )}
      </nav>
      <h2 id="drill">{procedure ? `Hồ sơ: ${procedure.label}` : `Lĩnh vực ${fieldLabel}: các thủ tục`}</h2>
      <ErrorBanner message={error} />
      {!procedure && rows ? (
        rows.length === 0 ? (
          <p className="empty">Không có hồ sơ của lĩnh vực này trong kỳ.</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">Thủ tục</th>
                {SUMMARY.map(([label]) => (
                  <th scope="col" key={label}>
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td>
                    <button type="button" className="link-button" onClick={() => setProcedure(r)}>
                      {r.label}
                    </button>
                  </td>
                  {SUMMARY.map(([label, value]) => (
                    <td className="num" key={label}>
                      {value(r.counts)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {procedure && dossiers ? (
        dossiers.length === 0 ? (
          <p className="empty">Không có hồ sơ tiếp nhận trong kỳ.</p>
        ) : (
          <table className="list" data-testid="drill-dossiers">
            <thead>
              <tr>
                <th scope="col">Mã hồ sơ</th>
                <th scope="col">Cơ quan</th>
                <th scope="col">Ngày nhận</th>
                <th scope="col">Hẹn trả</th>
                <th scope="col">Có kết quả</th>
                <th scope="col">Đã trả</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {dossiers.map((d) => (
                <tr key={d.dossierCode}>
                  <td>{d.dossierCode}</td>
                  <td>{d.agencyCode}</td>
                  <td>{when(d.receivedAt)}</td>
                  <td>{when(d.appointedAt)}</td>
                  <td>{when(d.resultReadyAt)}</td>
                  <td>{when(d.returnedAt)}</td>
                  <td>{STATUS[d.status] ?? d.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </section>
  );
}
