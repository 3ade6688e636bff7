// Online queue: dossiers citizens submitted on the portal wait for the desk's check — receive
// (Form 01), guide once (Form 02, when the check finds something missing), or refuse with a
// reason (Form 03). Each outcome prints on A4 like at the counter.
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiFailure, type FieldError, newRequestId } from '../api';
import { DELIVERY, DOC_FORM, when } from '../labels';
import { ErrorBanner, errorFor, Field } from '../ui';
import { type Applicant, OutcomeForm, type Outcome } from './Forms';

interface OnlineDossier {
  dossierId: string;
  procedureCode: string;
  procedureName: string;
  applicant?: Applicant & { email: string };
  documents: { componentCode: string; form: number; count: number; fileRef: string }[];
  resultDelivery: number;
  submittedAt: string;
}

export function OnlineQueuePage() {
  const [dossiers, setDossiers] = useState<OnlineDossier[]>();
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState<OnlineDossier>();
  const [refusal, setRefusal] = useState('');
  const [fields, setFields] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ outcome: Outcome; deskName: string; dossier: OnlineDossier }>();
  const requestId = useRef(newRequestId());

  const load = useCallback(async () => {
    try {
      const r = await api<{ dossiers: OnlineDossier[]; componentNames: Record<string, string> }>('GET', '/api/online-queue');
      setDossiers(r.dossiers);
      setNames(r.componentNames);
      setError(undefined);
    } catch (e) {
      setError((e as ApiFailure).message);
      setDossiers([]);
    }
  }, []);
  useEffect(() => void load(), [load]);

  async function decide(d: OnlineDossier, refuse: boolean) {
    setFields([]);
    if (refuse && !refusal.trim()) {
      setFields([{ field: 'refusalReason', message: 'Lý do từ chối: bắt buộc' }]);
      document.getElementById('refusalReason')?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ outcome: Outcome; deskName: string }>('POST', `/api/online-queue/${encodeURIComponent(d.dossierId)}`, {
        requestId: requestId.current,
        refusalReason: refuse ? refusal.trim() : '',
      });
      requestId.current = newRequestId();
      setResult({ ...r, dossier: d });
      setOpen(undefined);
      setRefusal('');
      void load();
    } catch (e) {
      const f = e as ApiFailure;
      setError(f.message);
      setFields(f.fields ?? []);
    } finally {
      setBusy(false);
    }
  }

  if (result) {
    return (
      <div className="outcome">
        <h1 className="no-print">Kết quả kiểm tra hồ sơ trực tuyến</h1>
        <div className="actions no-print">
          <button type="button" className="primary" onClick={() => window.print()}>
            In phiếu
          </button>
          <button type="button" onClick={() => setResult(undefined)}>
            Về hàng đợi trực tuyến
          </button>
        </div>
        <OutcomeForm
          outcome={result.outcome}
          deskName={result.deskName}
          applicant={result.dossier.applicant ?? { fullName: '', idNumber: '', address: '', phone: '' }}
          procedureName={result.dossier.procedureName}
        />
      </div>
    );
  }

  return (
    <>
      <h1>Hồ sơ nộp trực tuyến</h1>
      <ErrorBanner message={error} />
      {dossiers === undefined ? <p className="loading">Đang tải…</p> : null}
      {dossiers?.length === 0 && !error ? <p className="empty">Không có hồ sơ trực tuyến chờ tiếp nhận.</p> : null}
      {dossiers?.length ? (
        <table className="list">
          <caption>Chờ kiểm tra, tiếp nhận: {dossiers.length} hồ sơ</caption>
          <thead>
            <tr>
              <th scope="col">Thời gian nộp</th>
              <th scope="col">Thủ tục</th>
              <th scope="col">Người nộp</th>
              <th scope="col">Giấy tờ</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {dossiers.map((d) => (
              <tr key={d.dossierId}>
                <td>{when(d.submittedAt)}</td>
                <td>{d.procedureName}</td>
                <td>{d.applicant?.fullName}</td>
                <td>{d.documents.length}</td>
                <td>
                  <button type="button" onClick={() => setOpen(d)} aria-label={`Kiểm tra hồ sơ của ${d.applicant?.fullName ?? ''}`}>
                    Kiểm tra
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {open ? (
        <section className="card" aria-labelledby="check">
          <h2 id="check">Kiểm tra hồ sơ: {open.procedureName}</h2>
          <dl className="facts">
            <dt>Người nộp</dt>
            <dd>{open.applicant?.fullName}</dd>
            <dt>Số CCCD</dt>
            <dd>{open.applicant?.idNumber}</dd>
            <dt>Địa chỉ</dt>
            <dd>{open.applicant?.address}</dd>
            <dt>Nơi nhận kết quả</dt>
            <dd>{DELIVERY[open.resultDelivery] ?? ''}</dd>
          </dl>
          <table className="list">
            <caption>Giấy tờ công dân đã tải lên</caption>
            <thead>
              <tr>
                <th scope="col">Giấy tờ</th>
                <th scope="col">Hình thức</th>
                <th scope="col">Số bản</th>
              </tr>
            </thead>
            <tbody>
              {open.documents.map((x) => (
                <tr key={x.componentCode}>
                  <td>{names[`${open.procedureCode}/${x.componentCode}`] ?? x.componentCode}</td>
                  <td>{DOC_FORM[x.form] ?? ''}</td>
                  <td>{x.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void decide(open, false)}>
              Tiếp nhận (kiểm tra đủ thành phần)
            </button>
          </div>
          <form
            noValidate
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              void decide(open, true);
            }}
          >
            <Field
              id="refusalReason"
              label="Lý do từ chối tiếp nhận (Mẫu 03)"
              value={refusal}
              onChange={setRefusal}
              multiline
              error={errorFor(fields, 'refusalReason')}
            />
            <button type="submit" disabled={busy}>
              Từ chối tiếp nhận
            </button>
          </form>
        </section>
      ) : null}
    </>
  );
}
