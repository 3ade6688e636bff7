// Đối soát: the fees and cash on delivery the post collected against what it handed over to the
// desk, line by line, with the lines that do not reconcile first.
import { type FormEvent, useState } from 'react';
import { api, ApiFailure, type FieldError } from '../api';
import { LEG, vnd, when } from '../labels';
import { ErrorBanner, errorFor, Field } from '../ui';

interface Line {
  shipmentId: string;
  leg: number;
  waybillNumber: string;
  dossierCode: string;
  collectedAt: string;
  expectedVnd: number;
  collectedVnd: number;
  handedOverVnd: number;
  receiptNumber: string;
  problems: string[];
}
interface Totals {
  expectedVnd: number;
  collectedVnd: number;
  handedOverVnd: number;
}
interface Result {
  lines: Line[];
  mismatches: Line[];
  dossierFees?: Totals;
  cashOnDelivery?: Totals;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

export function Reconciliation() {
  const today = new Date();
  const [from, setFrom] = useState(iso(new Date(today.getFullYear(), today.getMonth(), 1)));
  const [to, setTo] = useState(iso(today));
  const [data, setData] = useState<Result>();
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<FieldError[]>([]);

  async function load(e?: FormEvent) {
    e?.preventDefault();
    setError(undefined);
    setFields([]);
    try {
      setData(await api<Result>('GET', `/api/postal/reconciliation?from=${from}&to=${to}`));
    } catch (err) {
      const f = err as ApiFailure;
      setError(f.message);
      setFields(f.fields ?? []);
    }
  }

  const totals = (label: string, t: Totals | undefined) => (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{vnd(t?.expectedVnd ?? 0)}</td>
      <td className="num">{vnd(t?.collectedVnd ?? 0)}</td>
      <td className="num">{vnd(t?.handedOverVnd ?? 0)}</td>
    </tr>
  );

  return (
    <section className="card" aria-labelledby="reconcile">
      <h2 id="reconcile">Đối soát phí, lệ phí và tiền thu hộ</h2>
      <form className="filters" noValidate onSubmit={(e) => void load(e)}>
        <Field id="recFrom" label="Từ ngày" type="date" value={from} onChange={setFrom} error={errorFor(fields, 'recFrom')} />
        <Field id="recTo" label="Đến ngày" type="date" value={to} onChange={setTo} error={errorFor(fields, 'recTo')} />
        <button type="submit" className="primary">
          Đối soát
        </button>
      </form>
      <ErrorBanner message={error} />
      {data ? (
        <>
          <table className="list">
            <caption>Tổng hợp</caption>
            <thead>
              <tr>
                <th scope="col">Khoản</th>
                <th scope="col">Phải thu</th>
                <th scope="col">Bưu điện đã thu</th>
                <th scope="col">Đã bàn giao</th>
              </tr>
            </thead>
            <tbody>
              {totals('Phí, lệ phí khi nộp hồ sơ', data.dossierFees)}
              {totals('Tiền thu hộ khi trả kết quả', data.cashOnDelivery)}
            </tbody>
          </table>
          <table className="list">
            <caption>
              Chi tiết: {data.lines.length} bưu gửi, {data.mismatches.length} chênh lệch
            </caption>
            <thead>
              <tr>
                <th scope="col">Bưu gửi</th>
                <th scope="col">Hồ sơ</th>
                <th scope="col">Thời gian thu</th>
                <th scope="col">Phải thu</th>
                <th scope="col">Đã thu</th>
                <th scope="col">Đã bàn giao</th>
                <th scope="col">Ghi chú</th>
              </tr>
            </thead>
            <tbody>
              {[...data.mismatches, ...data.lines.filter((l) => !l.problems.length)].map((l) => (
                <tr key={`${l.shipmentId}-${l.leg}`} className={l.problems.length ? 'mismatch' : undefined}>
                  <td>
                    {LEG[l.leg] ?? ''} {l.waybillNumber}
                  </td>
                  <td>{l.dossierCode || '—'}</td>
                  <td>{when(l.collectedAt)}</td>
                  <td className="num">{vnd(l.expectedVnd)}</td>
                  <td className="num">{vnd(l.collectedVnd)}</td>
                  <td className="num">{vnd(l.handedOverVnd)}</td>
                  <td>{l.problems.length ? `Chênh lệch (${l.problems.length})` : 'Khớp'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
