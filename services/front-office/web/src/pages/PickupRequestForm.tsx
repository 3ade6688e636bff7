// The desk asks the post to collect a dossier from a citizen (RequestPickup): the procedure, who
// and where, and where the result goes.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, ApiFailure, type FieldError, newRequestId } from '../api';
import { ErrorBanner, errorFor, Field } from '../ui';
import { type Applicant, ApplicantFields, EMPTY_APPLICANT } from './ApplicantFields';
import type { Shipment } from './ShipmentCard';

export function PickupRequestForm({ onRequested }: { onRequested(shipment: Shipment | undefined): void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ code: string; name: string }[]>([]);
  const [procedureCode, setProcedureCode] = useState('');
  const [applicant, setApplicant] = useState(EMPTY_APPLICANT);
  const [resultDelivery, setResultDelivery] = useState('post');
  const [note, setNote] = useState('');
  const [fields, setFields] = useState<FieldError[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const requestId = useRef(newRequestId());
  const set = (k: keyof Applicant, v: string) => setApplicant((a) => ({ ...a, [k]: v }));

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      if (!query.trim()) return setHits([]);
      api<{ procedures: { code: string; name: string }[] }>('GET', `/api/procedures?q=${encodeURIComponent(query)}`).then(
        (r) => live && setHits(r.procedures.slice(0, 8)),
        () => live && setHits([]),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setFields([]);
    try {
      const r = await api<{ shipment?: Shipment }>('POST', '/api/postal/pickups', {
        requestId: requestId.current,
        procedureCode,
        applicant,
        resultDelivery,
        note,
      });
      requestId.current = newRequestId();
      setApplicant(EMPTY_APPLICANT);
      setProcedureCode('');
      setQuery('');
      setNote('');
      onRequested(r.shipment);
    } catch (err) {
      const f = err as ApiFailure;
      setError(f.message);
      setFields(f.fields ?? []);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="card">
      <summary>Yêu cầu bưu điện thu gom hồ sơ tại nhà công dân</summary>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <ErrorBanner message={error} />
        <Field id="pickup-search" label="Tìm thủ tục (gõ có dấu hoặc không dấu)" value={query} onChange={setQuery} />
        <fieldset id="pickup-procedure">
          <legend>Thủ tục</legend>
          {hits.map((h) => (
            <label key={h.code} className="radio">
              <input type="radio" name="pickup-procedure" checked={procedureCode === h.code} onChange={() => setProcedureCode(h.code)} />{' '}
              {h.name}
            </label>
          ))}
          {errorFor(fields, 'procedure') ? <p className="field-error">{errorFor(fields, 'procedure')}</p> : null}
        </fieldset>
        <ApplicantFields idPrefix="pickup-" applicant={applicant} onChange={set} fields={fields} addressLabel="Địa chỉ thu gom">
          <div className="field">
            <label htmlFor="pickup-resultDelivery">Nơi nhận kết quả</label>
            <select id="pickup-resultDelivery" value={resultDelivery} onChange={(e) => setResultDelivery(e.target.value)}>
              <option value="post">Qua dịch vụ bưu chính</option>
              <option value="counter">Tại Bộ phận Một cửa</option>
            </select>
          </div>
        </ApplicantFields>
        <Field id="pickup-note" label="Ghi chú cho bưu tá" value={note} onChange={setNote} />
        <button type="submit" className="primary" disabled={busy}>
          Gửi yêu cầu thu gom
        </button>
      </form>
    </details>
  );
}
