// Reception desk: find the procedure (diacritics ignored), tick the components the citizen
// brought, type the applicant's details, submit; show and print Form 01 / 02 / 03.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, ApiFailure, type FieldError, newRequestId } from '../api';
import { DOC_FORM, DOC_FORM_KEY, vnd } from '../labels';
import { ErrorBanner, errorFor } from '../ui';
import { type Applicant, ApplicantFields, EMPTY_APPLICANT } from './ApplicantFields';
import { OutcomeForm, type Outcome } from './Forms';

interface ProcedureHit {
  code: string;
  name: string;
  fieldName: string;
}
interface Component {
  code: string;
  name: string;
  form: number;
  count: number;
  required: boolean;
}
interface Procedure {
  code: string;
  name: string;
  statutoryTimeText: string;
  components: Component[];
  fees: { code: string; name: string; amountVnd: number }[];
}
interface DocChoice {
  brought: boolean;
  form: string;
  count: string;
}

export function ReceptionPage() {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ProcedureHit[]>([]);
  const [procedure, setProcedure] = useState<Procedure>();
  const [selected, setSelected] = useState('');
  const [docs, setDocs] = useState<Record<string, DocChoice>>({});
  const [applicant, setApplicant] = useState(EMPTY_APPLICANT);
  const [resultDelivery, setResultDelivery] = useState('counter');
  const [fields, setFields] = useState<FieldError[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ outcome: Outcome; deskName: string }>();
  const requestId = useRef(newRequestId());
  const outcomeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api<{ procedures: ProcedureHit[] }>('GET', `/api/procedures?q=${encodeURIComponent(query)}`).then(
        (r) => live && setHits(r.procedures),
        (e: ApiFailure) => live && setError(e.message),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query]);

  useEffect(() => {
    if (result) outcomeRef.current?.focus();
  }, [result]);

  async function choose(code: string) {
    setSelected(code);
    setError(undefined);
    try {
      const r = await api<{ procedure: Procedure }>('GET', `/api/procedures/${encodeURIComponent(code)}`);
      setProcedure(r.procedure);
      setDocs(
        Object.fromEntries(
          r.procedure.components.map((c) => [
            c.code,
            { brought: false, form: DOC_FORM_KEY[c.form] ?? 'copy', count: String(c.count || 1) },
          ]),
        ),
      );
      setFields([]);
    } catch (e) {
      setError((e as ApiFailure).message);
    }
  }

  const set = (k: keyof Applicant, v: string) => setApplicant((a) => ({ ...a, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setFields([]);
    try {
      const r = await api<{ outcome: Outcome; deskName: string }>('POST', '/api/dossiers', {
        requestId: requestId.current,
        procedureCode: procedure?.code ?? '',
        channel: 'counter',
        resultDelivery,
        applicant,
        documents: Object.entries(docs)
          .filter(([, d]) => d.brought)
          .map(([componentCode, d]) => ({ componentCode, form: d.form, count: Number(d.count) })),
      });
      setResult(r);
    } catch (err) {
      const f = err as ApiFailure;
      setError(f.message);
      setFields(f.fields ?? []);
      const first = f.fields?.[0]?.field;
      if (first) document.getElementById(first === 'procedure' ? 'procedure-search' : first)?.focus();
    } finally {
      setBusy(false);
    }
  }

  function reset() {
    setResult(undefined);
    setProcedure(undefined);
    setSelected('');
    setDocs({});
    setApplicant(EMPTY_APPLICANT);
    setQuery('');
    setFields([]);
    setError(undefined);
    requestId.current = newRequestId();
    setTimeout(() => document.getElementById('procedure-search')?.focus(), 0);
  }

  if (result) {
    return (
      <div ref={outcomeRef} tabIndex={-1} className="outcome">
        <h1 className="no-print">Kết quả tiếp nhận</h1>
        <div className="actions no-print">
          <button type="button" className="primary" onClick={() => window.print()}>
            In phiếu
          </button>
          <button type="button" onClick={reset}>
            Tiếp nhận hồ sơ mới
          </button>
        </div>
        <OutcomeForm outcome={result.outcome} deskName={result.deskName} applicant={applicant} procedureName={procedure?.name ?? ''} />
      </div>
    );
  }

  return (
    <>
      <h1>Tiếp nhận hồ sơ</h1>
      <ErrorBanner message={error} />
      <form onSubmit={(e) => void submit(e)} noValidate className="reception">
        <section className="card" aria-labelledby="s1">
          <h2 id="s1">1. Thủ tục hành chính</h2>
          <div className={`field${errorFor(fields, 'procedure') ? ' has-error' : ''}`}>
            <label htmlFor="procedure-search">Tìm thủ tục theo tên, mã hoặc lĩnh vực (gõ có dấu hoặc không dấu)</label>
            <input
              id="procedure-search"
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              aria-describedby={errorFor(fields, 'procedure') ? 'procedure-error' : undefined}
              aria-controls="procedure-results"
            />
            {errorFor(fields, 'procedure') ? (
              <p id="procedure-error" className="field-error">
                {errorFor(fields, 'procedure')}
              </p>
            ) : null}
          </div>
          <fieldset className="procedure-list" id="procedure">
            <legend>Chọn thủ tục ({hits.length} kết quả)</legend>
            <ul id="procedure-results">
              {hits.map((h) => (
                <li key={h.code}>
                  <label className="radio">
                    <input
                      type="radio"
                      name="procedure"
                      value={h.code}
                      checked={selected === h.code}
                      onChange={() => void choose(h.code)}
                    />
                    <span>
                      <strong>{h.name}</strong>{' '}
                      <span className="muted">
                        ({h.code} · {h.fieldName})
                      </span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        </section>

        {procedure ? (
          <section className="card" aria-labelledby="s2">
            <h2 id="s2">2. Thành phần hồ sơ: {procedure.name}</h2>
            <p className="muted">
              Thời hạn giải quyết: {procedure.statutoryTimeText}
              {procedure.fees.length ? ` · Phí, lệ phí: ${procedure.fees.map((f) => `${f.name} ${vnd(f.amountVnd)}`).join('; ')}` : ''}
            </p>
            <table className="checklist">
              <caption className="sr-only">Danh mục thành phần hồ sơ</caption>
              <thead>
                <tr>
                  <th scope="col">Đã nộp</th>
                  <th scope="col">Giấy tờ</th>
                  <th scope="col">Hình thức</th>
                  <th scope="col">Số bản</th>
                </tr>
              </thead>
              <tbody>
                {procedure.components.map((c) => {
                  const d = docs[c.code]!;
                  const upd = (patch: Partial<DocChoice>) => setDocs((all) => ({ ...all, [c.code]: { ...all[c.code]!, ...patch } }));
                  const countErr = errorFor(fields, `doc-${c.code}-count`);
                  return (
                    <tr key={c.code}>
                      <td>
                        <input
                          id={`doc-${c.code}`}
                          type="checkbox"
                          checked={d.brought}
                          onChange={(e) => upd({ brought: e.target.checked })}
                        />
                      </td>
                      <td>
                        <label htmlFor={`doc-${c.code}`}>
                          {c.name}
                          {c.required ? ' (bắt buộc)' : ''}
                        </label>
                        <div className="muted">
                          Yêu cầu: {DOC_FORM[c.form] ?? ''}, {c.count} bản
                        </div>
                      </td>
                      <td>
                        <select aria-label={`Hình thức — ${c.name}`} value={d.form} onChange={(e) => upd({ form: e.target.value })}>
                          <option value="original">Bản chính</option>
                          <option value="copy">Bản sao</option>
                          <option value="certified_copy">Bản sao chứng thực</option>
                        </select>
                      </td>
                      <td>
                        <input
                          id={`doc-${c.code}-count`}
                          className="count"
                          type="number"
                          min={1}
                          max={99}
                          aria-label={`Số bản — ${c.name}`}
                          aria-invalid={countErr ? true : undefined}
                          value={d.count}
                          onChange={(e) => upd({ count: e.target.value })}
                        />
                        {countErr ? <p className="field-error">{countErr}</p> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        ) : null}

        <section className="card" aria-labelledby="s3">
          <h2 id="s3">3. Người nộp hồ sơ</h2>
          <ApplicantFields idPrefix="" applicant={applicant} onChange={set} fields={fields} withEmail>
            <div className="field">
              <label htmlFor="resultDelivery">Nơi nhận kết quả</label>
              <select id="resultDelivery" value={resultDelivery} onChange={(e) => setResultDelivery(e.target.value)}>
                <option value="counter">Tại Bộ phận Một cửa</option>
                <option value="post">Qua dịch vụ bưu chính</option>
                <option value="electronic">Trực tuyến</option>
              </select>
            </div>
          </ApplicantFields>
        </section>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Đang gửi…' : 'Tiếp nhận hồ sơ'}
          </button>
        </div>
      </form>
    </>
  );
}
