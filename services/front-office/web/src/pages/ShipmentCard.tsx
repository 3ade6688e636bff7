// One shipment on the postal page: its facts, tracking history, and the forms the officer's role
// may fill at its state — the postal worker's collection record, the desk's hand-over record,
// the cash on delivery the post hands over, cancelling a pickup.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, ApiFailure, type FieldError, newRequestId } from '../api';
import type { User } from '../App';
import { LEG, SHIPMENT_STATE, TRACKING_EVENT, vnd, when } from '../labels';
import { ErrorBanner, errorFor, Field } from '../ui';

export interface Shipment {
  shipmentId: string;
  leg: number;
  state: number;
  orderNumber: string;
  waybillNumber: string;
  dossierCode: string;
  procedureCode: string;
  citizen?: { name: string; address: string; phone: string };
  requestedAt: string;
  updatedAt: string;
  failedAttempts: number;
  problem: string;
  money?: { feesDueVnd: number; feesCollectedVnd: number; codAmountVnd: number; codCollectedVnd: number; codRemittedVnd: number };
  collection?: { collectedBy: string; collectedAt: string; feeReceiptNumber: string; feesCollectedVnd: number };
  handover?: { handedBy: string; receivedBy: string; handedOverAt: string };
  deskOutcome: number;
  tracking: { at: string; event: string; state: number; note: string }[];
}

const DESK_OUTCOME: Record<number, string> = { 1: 'Được tiếp nhận', 2: 'Hướng dẫn bổ sung (Mẫu 02)', 3: 'Từ chối tiếp nhận (Mẫu 03)' };

export function TrackingHistory({ s }: { s: Shipment }) {
  return (
    <ol className="timeline" aria-label={`Hành trình bưu gửi ${s.waybillNumber || s.orderNumber}`}>
      {s.tracking.map((t, i) => (
        <li key={i}>
          <time dateTime={t.at}>{when(t.at)}</time> {TRACKING_EVENT[t.event] ?? t.event} — {SHIPMENT_STATE[t.state] ?? ''}
        </li>
      ))}
    </ol>
  );
}

export function ShipmentCard({ s, user, onChanged }: { s: Shipment; user: User; onChanged(): void }) {
  const [components, setComponents] = useState<{ code: string; name: string }[]>([]);
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const [form, setForm] = useState<Record<string, string>>({});
  const [sealed, setSealed] = useState(false);
  const [fields, setFields] = useState<FieldError[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const requestId = useRef(newRequestId());
  const v = (k: string) => form[k] ?? '';
  const set = (k: string) => (val: string) => setForm((f) => ({ ...f, [k]: val }));
  const id = s.shipmentId.slice(0, 8);

  useEffect(() => {
    if (!s.procedureCode) return;
    api<{ procedure: { components: { code: string; name: string }[] } }>(
      'GET',
      `/api/procedures/${encodeURIComponent(s.procedureCode)}`,
    ).then(
      (r) => setComponents(r.procedure.components),
      () => setComponents([]),
    );
  }, [s.procedureCode]);

  // Closed: rejected, handed over, pickup failed, cancelled, returned to the desk.
  const open = s.leg === 1 && ![3, 10, 11, 12, 13].includes(s.state);
  const canCollect = user.role === 'postal_worker' && open && !s.collection && Boolean(s.waybillNumber);
  const canHandOver = user.role === 'desk_officer' && open && Boolean(s.collection) && !s.handover;
  const canCancel = user.role === 'desk_officer' && open && !s.collection && s.state < 5;
  // Cash on delivery (fees due at return) the post collected from the citizen on delivering the
  // result (state 9) and has not handed over yet (it is handed over once).
  const codCollected = s.money?.codCollectedVnd ?? 0;
  const codRemitted = s.money?.codRemittedVnd ?? 0;
  const canTakeCod = user.role === 'desk_officer' && s.leg === 2 && s.state === 9 && codCollected > 0 && codRemitted === 0;
  const documents = components.filter((c) => ticked[c.code]).map((c) => ({ componentCode: c.code, form: 'copy', count: 1 }));

  async function post(action: string, body: Record<string, unknown>) {
    setBusy(true);
    setError(undefined);
    setFields([]);
    try {
      await api('POST', `/api/postal/shipments/${encodeURIComponent(s.shipmentId)}/${action}`, { ...body, requestId: requestId.current });
      requestId.current = newRequestId();
      onChanged();
    } catch (e) {
      const f = e as ApiFailure;
      setError(f.message);
      setFields(f.fields ?? []);
    } finally {
      setBusy(false);
    }
  }

  const checklist = (
    <fieldset id={`documents-${id}`} aria-invalid={errorFor(fields, 'documents') ? true : undefined}>
      <legend>Giấy tờ kiểm đếm</legend>
      {components.map((c) => (
        <label key={c.code} className="check">
          <input
            type="checkbox"
            checked={ticked[c.code] ?? false}
            onChange={(e) => setTicked((t) => ({ ...t, [c.code]: e.target.checked }))}
          />{' '}
          {c.name}
        </label>
      ))}
      {errorFor(fields, 'documents') ? <p className="field-error">{errorFor(fields, 'documents')}</p> : null}
    </fieldset>
  );

  /** An amount of đồng handed over or collected and the receipt it goes with, each with its inline error. */
  const moneyFields = (amountLabel: string, amountField: string, receiptField: string, hint?: string) => (
    <div className="grid2">
      <Field
        id={`fees-${id}`}
        label={amountLabel}
        inputMode="numeric"
        value={v('fees')}
        onChange={set('fees')}
        error={errorFor(fields, amountField)}
        hint={hint}
      />
      <Field
        id={`receipt-${id}`}
        label="Số biên lai"
        value={v('receipt')}
        onChange={set('receipt')}
        error={errorFor(fields, receiptField)}
      />
    </div>
  );

  return (
    <li className="card shipment" data-testid="shipment">
      <h3>
        {LEG[s.leg] ?? ''}: {s.citizen?.name ?? ''} {s.dossierCode ? `· hồ sơ ${s.dossierCode}` : ''}
      </h3>
      <dl className="facts">
        <dt>Trạng thái</dt>
        <dd data-testid="shipment-state">{SHIPMENT_STATE[s.state] ?? s.state}</dd>
        <dt>Số vận đơn</dt>
        <dd>{s.waybillNumber || 'chưa có'}</dd>
        <dt>Địa chỉ</dt>
        <dd>{s.citizen?.address ?? ''}</dd>
        {s.procedureCode ? (
          <>
            <dt>Thủ tục</dt>
            <dd>{s.procedureCode}</dd>
          </>
        ) : null}
        {s.money?.feesDueVnd ? (
          <>
            <dt>Phí, lệ phí phải thu</dt>
            <dd>{vnd(s.money.feesDueVnd)}</dd>
          </>
        ) : null}
        {s.money?.codAmountVnd ? (
          <>
            <dt>Tiền thu hộ (COD)</dt>
            <dd data-testid="cod">
              phải thu {vnd(s.money.codAmountVnd)}; bưu điện đã thu {vnd(codCollected)}, đã bàn giao {vnd(codRemitted)}
            </dd>
          </>
        ) : null}
        {s.problem ? (
          <>
            <dt>Cần xử lý</dt>
            <dd>{s.problem}</dd>
          </>
        ) : null}
        {s.deskOutcome ? (
          <>
            <dt>Kết quả tiếp nhận</dt>
            <dd>{DESK_OUTCOME[s.deskOutcome] ?? ''}</dd>
          </>
        ) : null}
      </dl>
      <details>
        <summary>Hành trình ({s.tracking.length})</summary>
        <TrackingHistory s={s} />
      </details>
      <ErrorBanner message={error} />
      {canCollect ? (
        <form
          className="action"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void post('collection', { documents, sealed, feesCollectedVnd: v('fees'), feeReceiptNumber: v('receipt') });
          }}
        >
          <h4>Biên bản thu gom (bưu tá)</h4>
          {checklist}
          <label className="check">
            <input type="checkbox" checked={sealed} onChange={(e) => setSealed(e.target.checked)} /> Đã niêm phong bưu gửi trước mặt người
            nộp
          </label>
          {errorFor(fields, 'sealed') ? <p className="field-error">{errorFor(fields, 'sealed')}</p> : null}
          {moneyFields('Phí, lệ phí đã thu (đồng)', 'feesCollectedVnd', 'feeReceiptNumber')}
          <button type="submit" className="primary" disabled={busy}>
            Ghi nhận thu gom
          </button>
        </form>
      ) : null}
      {canHandOver ? (
        <form
          className="action"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void post('handover', { handedBy: v('handedBy'), documents, feesHandedOverVnd: v('fees'), feeReceiptNumber: v('receipt') });
          }}
        >
          <h4>Biên bản bàn giao hồ sơ tại Bộ phận Một cửa</h4>
          <Field
            id={`handedBy-${id}`}
            label="Nhân viên bưu chính bàn giao"
            value={v('handedBy')}
            onChange={set('handedBy')}
            required
            error={errorFor(fields, 'handedBy')}
          />
          {checklist}
          {moneyFields('Phí, lệ phí bàn giao (đồng)', 'feesHandedOverVnd', 'feeReceiptNumber')}
          <button type="submit" className="primary" disabled={busy}>
            Nhận bàn giao và tiếp nhận hồ sơ
          </button>
        </form>
      ) : null}
      {canTakeCod ? (
        <form
          className="action"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void post('cod', { amountVnd: v('fees'), receiptNumber: v('receipt') });
          }}
        >
          <h4>Biên bản nhận bàn giao tiền thu hộ (COD)</h4>
          {moneyFields('Số tiền thu hộ bàn giao (đồng)', 'amountVnd', 'receiptNumber', `Bưu điện đã thu ${vnd(codCollected)}`)}
          <button type="submit" className="primary" disabled={busy}>
            Nhận tiền thu hộ
          </button>
        </form>
      ) : null}
      {canCancel ? (
        <details>
          <summary>Hủy yêu cầu thu gom</summary>
          <form
            className="action"
            noValidate
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              void post('cancel', { reason: v('cancelReason') });
            }}
          >
            <Field
              id={`cancelReason-${id}`}
              label="Lý do hủy"
              value={v('cancelReason')}
              onChange={set('cancelReason')}
              required
              error={errorFor(fields, 'cancelReason')}
            />
            <button type="submit" disabled={busy}>
              Hủy thu gom
            </button>
          </form>
        </details>
      ) : null}
    </li>
  );
}
