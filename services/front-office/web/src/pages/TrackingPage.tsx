// Citizen tracking (public): dossier code + ID number → status, appointed time and timeline.
import { type FormEvent, useState } from 'react';
import { api, ApiFailure, type FieldError } from '../api';
import { STATUS, when } from '../labels';
import { ErrorBanner, errorFor, Field } from '../ui';

interface CitizenView {
  dossierCode: string;
  procedureName: string;
  status: number;
  statusName: string;
  receivedAt: string;
  appointedAt: string;
  timeline: { at: string; status: number; statusName: string }[];
}

export function TrackingPage() {
  const params = new URLSearchParams(window.location.search);
  const [code, setCode] = useState(params.get('ma') ?? '');
  const [idNumber, setIdNumber] = useState('');
  const [view, setView] = useState<CitizenView>();
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setFields([]);
    setView(undefined);
    try {
      const r = await api<{ dossier: CitizenView }>('POST', '/api/track', { code, idNumber });
      setView(r.dossier);
    } catch (err) {
      const f = err as ApiFailure;
      setError(f.message);
      setFields(f.fields ?? []);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Tra cứu tình trạng hồ sơ</h1>
      <p>Nhập mã hồ sơ in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, cùng số căn cước công dân của người nộp.</p>
      <ErrorBanner message={error} />
      <form onSubmit={(e) => void submit(e)} noValidate className="card">
        <Field id="code" label="Mã hồ sơ" value={code} onChange={setCode} required error={errorFor(fields, 'code')} autoComplete="off" />
        <Field
          id="idNumber"
          label="Số CCCD của người nộp"
          value={idNumber}
          onChange={setIdNumber}
          required
          inputMode="numeric"
          error={errorFor(fields, 'idNumber')}
          autoComplete="off"
        />
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? 'Đang tra cứu…' : 'Tra cứu'}
        </button>
      </form>
      {view ? (
        <section className="card" aria-labelledby="result">
          <h2 id="result">Hồ sơ {view.dossierCode}</h2>
          <dl className="facts">
            <dt>Thủ tục</dt>
            <dd>{view.procedureName}</dd>
            <dt>Tình trạng</dt>
            <dd className="strong" data-testid="citizen-status">
              {STATUS[view.status] ?? view.statusName}
            </dd>
            <dt>Ngày tiếp nhận</dt>
            <dd>{when(view.receivedAt)}</dd>
            <dt>Ngày hẹn trả</dt>
            <dd>{when(view.appointedAt)}</dd>
          </dl>
          <h3>Quá trình giải quyết</h3>
          <ol className="timeline">
            {view.timeline.map((t, i) => (
              <li key={i}>
                <time dateTime={t.at}>{when(t.at)}</time> <span>{STATUS[t.status] ?? t.statusName}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}
