// Return desk: results ready to hand back, supplements the agency asked for; return at the
// counter and record the citizen's satisfaction.
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiFailure, type FieldError, newRequestId } from '../api';
import { STATUS, when } from '../labels';
import { ErrorBanner, errorFor, Field, Notice } from '../ui';

interface WaitingItem {
  dossierId: string;
  dossierCode: string;
  procedureName: string;
  status: number;
  agencyCode: string;
  appointedAt: string;
  dueAt: string;
}
interface Dossier {
  dossierId: string;
  dossierCode: string;
  status: number;
  procedureCode: string;
  procedureName: string;
  applicant: { fullName: string; idNumber: string; phone: string };
  documents: { componentCode: string; form: number; count: number }[];
  dueAt: string;
  satisfaction: { criterion: string; score: number }[];
  returnedAt?: string;
}

const CRITERIA = ['Thái độ phục vụ của cán bộ', 'Thời gian giải quyết', 'Hướng dẫn thủ tục rõ ràng'];
const SCORES: [number, string][] = [
  [5, 'Rất hài lòng'],
  [4, 'Hài lòng'],
  [3, 'Bình thường'],
  [2, 'Không hài lòng'],
  [1, 'Rất không hài lòng'],
];

export function ReturnDeskPage() {
  const [items, setItems] = useState<WaitingItem[]>();
  const [listError, setListError] = useState<string>();
  const [code, setCode] = useState('');
  const [dossier, setDossier] = useState<Dossier>();
  const [components, setComponents] = useState<{ code: string; name: string }[]>([]);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [fields, setFields] = useState<FieldError[]>([]);
  const [recipient, setRecipient] = useState('');
  const [scores, setScores] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [brought, setBrought] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const requestId = useRef(newRequestId());

  const loadList = useCallback(() => {
    api<{ items: WaitingItem[] }>('GET', '/api/desk/waiting').then(
      (r) => {
        setItems(r.items);
        setListError(undefined);
      },
      (e: ApiFailure) => setListError(e.message),
    );
  }, []);
  useEffect(loadList, [loadList]);

  async function open(key: string) {
    setError(undefined);
    setNotice(undefined);
    setFields([]);
    try {
      const r = await api<{ dossier: Dossier }>('GET', `/api/dossiers/${encodeURIComponent(key)}`);
      setDossier(r.dossier);
      setRecipient(r.dossier.applicant?.fullName ?? '');
      setScores({});
      setComment('');
      setBrought({});
      const p = await api<{ procedure: { components: { code: string; name: string }[] } }>(
        'GET',
        `/api/procedures/${encodeURIComponent(r.dossier.procedureCode)}`,
      ).catch(() => undefined);
      setComponents(p?.procedure.components ?? []);
    } catch (e) {
      const f = e as ApiFailure;
      setError(f.status === 404 ? `Không tìm thấy hồ sơ ${key}.` : f.message);
    }
  }

  async function run(url: string, body: Record<string, unknown>, done: string) {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    setFields([]);
    try {
      const r = await api<{ dossier: Dossier }>('POST', url, { ...body, requestId: requestId.current });
      requestId.current = newRequestId();
      setDossier(r.dossier);
      setNotice(done);
      loadList();
    } catch (e) {
      const f = e as ApiFailure;
      setError(f.message);
      setFields(f.fields ?? []);
    } finally {
      setBusy(false);
    }
  }

  const name = (componentCode: string) => components.find((c) => c.code === componentCode)?.name ?? componentCode;

  return (
    <>
      <h1>Trả kết quả</h1>
      <div className="two-col">
        <section className="card" aria-labelledby="waiting">
          <h2 id="waiting">Hồ sơ chờ tại Bộ phận Một cửa</h2>
          <form
            className="inline"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (code.trim()) void open(code.trim());
            }}
          >
            <Field id="lookup-code" label="Mở hồ sơ theo mã" value={code} onChange={setCode} />
            <button type="submit">Mở</button>
          </form>
          <button type="button" className="link-button" onClick={loadList}>
            Làm mới danh sách
          </button>
          <ErrorBanner message={listError} />
          {items?.length === 0 ? <p className="empty">Chưa có hồ sơ nào chờ trả kết quả hoặc chờ bổ sung.</p> : null}
          <ul className="waiting">
            {items?.map((i) => (
              <li key={i.dossierId}>
                <button
                  type="button"
                  className={dossier?.dossierId === i.dossierId ? 'selected' : ''}
                  onClick={() => void open(i.dossierId)}
                >
                  <strong>{i.dossierCode}</strong>
                  <span>{i.procedureName}</span>
                  <span className={i.status === 9 ? 'tag ready' : 'tag'}>{STATUS[i.status]}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="dossier-h">
          <h2 id="dossier-h">{dossier ? `Hồ sơ ${dossier.dossierCode}` : 'Chọn một hồ sơ'}</h2>
          <Notice message={notice} />
          <ErrorBanner message={error} />
          {dossier ? (
            <div className="card">
              <dl className="facts">
                <dt>Thủ tục</dt>
                <dd>{dossier.procedureName}</dd>
                <dt>Người nộp</dt>
                <dd>{dossier.applicant?.fullName}</dd>
                <dt>Trạng thái</dt>
                <dd data-testid="desk-status">{STATUS[dossier.status]}</dd>
                <dt>Hạn trả</dt>
                <dd>{when(dossier.dueAt)}</dd>
              </dl>
              {dossier.status === 9 ? (
                <form
                  noValidate
                  onSubmit={(e) => {
                    e.preventDefault();
                    void run(`/api/dossiers/${dossier.dossierId}/return`, { recipientName: recipient }, 'Đã trả kết quả cho công dân.');
                  }}
                >
                  <Field
                    id="recipientName"
                    label="Người nhận kết quả"
                    value={recipient}
                    onChange={setRecipient}
                    required
                    error={errorFor(fields, 'recipientName')}
                  />
                  <button type="submit" className="primary" disabled={busy}>
                    Trả kết quả tại quầy
                  </button>
                </form>
              ) : null}
              {dossier.status === 5 ? (
                <form
                  noValidate
                  onSubmit={(e) => {
                    e.preventDefault();
                    void run(
                      `/api/dossiers/${dossier.dossierId}/supplement`,
                      {
                        documents: Object.keys(brought)
                          .filter((k) => brought[k])
                          .map((componentCode) => ({ componentCode, form: 'copy', count: 1 })),
                      },
                      'Đã nhận hồ sơ bổ sung; hồ sơ tiếp tục được xử lý.',
                    );
                  }}
                >
                  <fieldset id="documents">
                    <legend>Giấy tờ công dân mang đến bổ sung</legend>
                    {(components.length ? components.map((c) => c.code) : dossier.documents.map((d) => d.componentCode)).map((c) => (
                      <label key={c} className="check">
                        <input
                          type="checkbox"
                          checked={brought[c] ?? false}
                          onChange={(e) => setBrought((b) => ({ ...b, [c]: e.target.checked }))}
                        />{' '}
                        {name(c)}
                      </label>
                    ))}
                    {errorFor(fields, 'documents') ? <p className="field-error">{errorFor(fields, 'documents')}</p> : null}
                  </fieldset>
                  <button type="submit" className="primary" disabled={busy}>
                    Nhận hồ sơ bổ sung
                  </button>
                </form>
              ) : null}
              {dossier.status === 10 && !dossier.satisfaction?.length ? (
                <form
                  noValidate
                  onSubmit={(e) => {
                    e.preventDefault();
                    void run(
                      `/api/dossiers/${dossier.dossierId}/satisfaction`,
                      { scores: CRITERIA.map((criterion) => ({ criterion, score: scores[criterion] ?? 0 })), comment },
                      'Đã ghi nhận đánh giá của công dân. Cảm ơn!',
                    );
                  }}
                >
                  <h3>Đánh giá mức độ hài lòng</h3>
                  {CRITERIA.map((criterion) => (
                    <fieldset
                      key={criterion}
                      className={`rating${errorFor(fields, `score-${criterion}`) ? ' has-error' : ''}`}
                      id={`score-${criterion}`}
                    >
                      <legend>{criterion}</legend>
                      {SCORES.map(([score, label]) => (
                        <label key={score} className="radio-inline">
                          <input
                            type="radio"
                            name={`score-${criterion}`}
                            value={score}
                            checked={scores[criterion] === score}
                            onChange={() => setScores((s) => ({ ...s, [criterion]: score }))}
                          />{' '}
                          {label}
                        </label>
                      ))}
                      {errorFor(fields, `score-${criterion}`) ? (
                        <p className="field-error">{errorFor(fields, `score-${criterion}`)}</p>
                      ) : null}
                    </fieldset>
                  ))}
                  <Field id="comment" label="Góp ý khác" value={comment} onChange={setComment} multiline />
                  <button type="submit" className="primary" disabled={busy}>
                    Ghi nhận đánh giá
                  </button>
                </form>
              ) : null}
              {dossier.status === 10 && dossier.satisfaction?.length ? <p className="done">Đã trả kết quả và ghi nhận đánh giá.</p> : null}
            </div>
          ) : null}
        </section>
      </div>
    </>
  );
}
