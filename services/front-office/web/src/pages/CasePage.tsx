// A case at the agency: where it stands, the Form 05 hand-off timeline, and only the actions the
// officer may take at this step.
import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiFailure, type FieldError, newRequestId } from '../api';
import { STATUS, TIMELINESS, when } from '../labels';
import { ErrorBanner, errorFor, Field, Link, Notice } from '../ui';

interface Step {
  code: string;
  name: string;
  kind: number;
  roles: string[];
}
interface Case {
  dossierId: string;
  dossierCode: string;
  status: number;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  agencyCode: string;
  assigneeOfficerId: string;
  steps: Step[];
  currentStep?: Step & { startedAt: string; dueAt: string };
  receivedAt: string;
  dueAt: string;
  version: number;
  supplementRequestCount: number;
  handOffs: {
    fromUnitCode: string;
    toUnitCode: string;
    handedAt: string;
    givenBy: string;
    receivedBy: string;
    result: number;
    note?: string;
  }[];
  result?: { resultSummary: string; documentNumber: string };
  stopReason: string;
}
interface CaseResponse {
  case: Case;
  actions: string[];
  officers: { username: string; displayName: string }[];
  components: { code: string; name: string }[];
  units: Record<string, string>;
  timeLeft?: { urgency: 'on_time' | 'due_soon' | 'overdue' | 'paused'; workingHours: number; text: string };
}

// A mark besides the colour, so urgency does not rest on colour alone.
const URGENCY_MARK: Record<string, string> = { on_time: '●', due_soon: '▲', overdue: '■', paused: '⏸' };

const DONE: Record<string, string> = {
  assign: 'Đã phân công chuyên viên thụ lý.',
  complete_step: 'Đã hoàn thành bước và chuyển bước tiếp theo.',
  send_back: 'Đã trả lại bước trước.',
  request_supplement: 'Đã gửi yêu cầu bổ sung hồ sơ (Mẫu 02) về Bộ phận Một cửa.',
  issue_result: 'Đã ban hành kết quả; hồ sơ chuyển về Bộ phận Một cửa để trả.',
  apologize: 'Đã phát hành phiếu xin lỗi và hẹn lại ngày trả (Mẫu 04).',
  stop: 'Đã dừng xử lý hồ sơ.',
};

function ActionForm({
  title,
  children,
  onSubmit,
  submitLabel,
  busy,
}: {
  title: string;
  children?: ReactNode;
  onSubmit(): void;
  submitLabel: string;
  busy: boolean;
}) {
  return (
    <form
      className="action card"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3>{title}</h3>
      {children}
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

export function CasePage({ id }: { id: string }) {
  const [data, setData] = useState<CaseResponse>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [failed, setFailed] = useState<{ action: string; fields: FieldError[] }>({ action: '', fields: [] });
  const err = (action: string, name: string) => (failed.action === action ? errorFor(failed.fields, name) : undefined);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState<Record<string, string>>({});
  const [items, setItems] = useState<Record<string, boolean>>({});
  const requestId = useRef(newRequestId());

  const load = useCallback(async () => {
    try {
      setData(await api<CaseResponse>('GET', `/api/cases/${encodeURIComponent(id)}`));
    } catch (e) {
      setError((e as ApiFailure).message);
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  const v = (k: string) => form[k] ?? '';
  const set = (k: string) => (val: string) => setForm((f) => ({ ...f, [k]: val }));

  async function act(action: string, body: Record<string, unknown>) {
    if (!data) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    setFailed({ action: '', fields: [] });
    try {
      await api('POST', `/api/cases/${encodeURIComponent(id)}/${action}`, {
        ...body,
        requestId: requestId.current,
        expectedVersion: data.case.version,
      });
      requestId.current = newRequestId();
      setForm({});
      setItems({});
      await load();
      setNotice(DONE[action]);
    } catch (e) {
      const f = e as ApiFailure;
      setError(f.message);
      setFailed({ action, fields: f.fields ?? [] });
    } finally {
      setBusy(false);
    }
  }

  if (!data) {
    return (
      <>
        <h1>Hồ sơ</h1>
        <ErrorBanner message={error} />
        {!error ? <p className="loading">Đang tải…</p> : null}
      </>
    );
  }
  const c = data.case;
  const step = c.currentStep;
  const stepIndex = step ? c.steps.findIndex((s) => s.code === step.code) : -1;
  const unit = (code: string) => data.units[code] ?? code;

  return (
    <>
      <p>
        <Link to="/xu-ly">← Danh sách hồ sơ</Link>
      </p>
      <h1>Hồ sơ {c.dossierCode}</h1>
      <Notice message={notice} />
      <ErrorBanner message={error} />
      <div className="two-col">
        <section className="card" aria-labelledby="info">
          <h2 id="info">Thông tin hồ sơ</h2>
          <dl className="facts">
            <dt>Thủ tục</dt>
            <dd>{c.procedureName}</dd>
            <dt>Người nộp</dt>
            <dd>{c.applicantName}</dd>
            <dt>Trạng thái</dt>
            <dd data-testid="case-status">{STATUS[c.status] ?? c.status}</dd>
            <dt>Bước hiện tại</dt>
            <dd data-testid="current-step">{step ? `${step.name}` : 'Đã kết thúc xử lý'}</dd>
            {step ? (
              <>
                <dt>Hạn của bước</dt>
                <dd>{when(step.dueAt)}</dd>
              </>
            ) : null}
            <dt>Chuyên viên thụ lý</dt>
            <dd>{c.assigneeOfficerId || 'Chưa phân công'}</dd>
            <dt>Ngày nhận</dt>
            <dd>{when(c.receivedAt)}</dd>
            <dt>Hạn trả kết quả</dt>
            <dd>{when(c.dueAt)}</dd>
            {data.timeLeft ? (
              <>
                <dt>Thời gian còn lại</dt>
                <dd>
                  <span className={`deadline ${data.timeLeft.urgency}`} data-testid="time-left" data-urgency={data.timeLeft.urgency}>
                    <span aria-hidden="true">{URGENCY_MARK[data.timeLeft.urgency]} </span>
                    {data.timeLeft.text}
                  </span>
                </dd>
              </>
            ) : null}
            {c.result ? (
              <>
                <dt>Kết quả</dt>
                <dd>
                  {c.result.resultSummary} {c.result.documentNumber ? `(số ${c.result.documentNumber})` : ''}
                </dd>
              </>
            ) : null}
            {c.stopReason ? (
              <>
                <dt>Lý do dừng</dt>
                <dd>{c.stopReason}</dd>
              </>
            ) : null}
          </dl>
          <h3>Quy trình</h3>
          <ol className="steps">
            {c.steps.map((s, i) => (
              <li
                key={s.code}
                className={s.code === step?.code ? 'current' : stepIndex >= 0 && i < stepIndex ? 'done' : ''}
                aria-current={s.code === step?.code ? 'step' : undefined}
              >
                {s.name}
              </li>
            ))}
          </ol>
        </section>

        <section aria-labelledby="acts">
          <h2 id="acts">Thao tác</h2>
          {data.actions.length === 0 ? <p className="empty">Bạn không có thao tác nào trên hồ sơ này ở bước hiện tại.</p> : null}
          {data.actions.includes('assign') ? (
            <ActionForm
              title="Phân công thụ lý"
              submitLabel="Phân công"
              busy={busy}
              onSubmit={() => void act('assign', { officerId: v('officerId'), note: v('note') })}
            >
              <div className={`field${err('assign', 'officerId') ? ' has-error' : ''}`}>
                <label htmlFor="officerId">Chuyên viên thụ lý</label>
                <select
                  id="officerId"
                  value={v('officerId')}
                  onChange={(e) => set('officerId')(e.target.value)}
                  aria-invalid={err('assign', 'officerId') ? true : undefined}
                >
                  <option value="">— Chọn chuyên viên —</option>
                  {data.officers.map((o) => (
                    <option key={o.username} value={o.username}>
                      {o.displayName} ({o.username})
                    </option>
                  ))}
                </select>
                {err('assign', 'officerId') ? <p className="field-error">{err('assign', 'officerId')}</p> : null}
              </div>
              <Field id="note" label="Ghi chú" value={v('note')} onChange={set('note')} />
            </ActionForm>
          ) : null}
          {data.actions.includes('complete_step') && step ? (
            <ActionForm
              title={`Hoàn thành: ${step.name}`}
              submitLabel="Hoàn thành bước"
              busy={busy}
              onSubmit={() => void act('complete_step', { stepCode: step.code, note: v('stepNote') })}
            >
              <Field id="stepNote" label="Ý kiến" value={v('stepNote')} onChange={set('stepNote')} multiline />
            </ActionForm>
          ) : null}
          {data.actions.includes('issue_result') && step ? (
            <ActionForm
              title="Ban hành kết quả"
              submitLabel="Ban hành kết quả"
              busy={busy}
              onSubmit={() => void act('issue_result', { resultSummary: v('resultSummary'), documentNumber: v('documentNumber') })}
            >
              <Field
                id="resultSummary"
                label="Kết quả giải quyết"
                value={v('resultSummary')}
                onChange={set('resultSummary')}
                required
                error={err('issue_result', 'resultSummary')}
              />
              <Field id="documentNumber" label="Số văn bản" value={v('documentNumber')} onChange={set('documentNumber')} />
            </ActionForm>
          ) : null}
          {data.actions.includes('request_supplement') ? (
            <ActionForm
              title="Yêu cầu bổ sung hồ sơ"
              submitLabel="Gửi yêu cầu bổ sung"
              busy={busy}
              onSubmit={() =>
                void act('request_supplement', {
                  reason: v('supplementReason'),
                  items: (data.components ?? [])
                    .filter((x) => items[x.code])
                    .map((x) => ({ componentCode: x.code, componentName: x.name, problem: v('supplementReason') })),
                })
              }
            >
              <fieldset id="items" aria-invalid={err('request_supplement', 'items') ? true : undefined}>
                <legend>Giấy tờ cần bổ sung</legend>
                {(data.components ?? []).map((x) => (
                  <label key={x.code} className="check">
                    <input
                      type="checkbox"
                      checked={items[x.code] ?? false}
                      onChange={(e) => setItems((all) => ({ ...all, [x.code]: e.target.checked }))}
                    />{' '}
                    {x.name}
                  </label>
                ))}
                {err('request_supplement', 'items') ? <p className="field-error">{err('request_supplement', 'items')}</p> : null}
              </fieldset>
              <Field
                id="supplementReason"
                label="Nội dung cần bổ sung, hoàn thiện"
                value={v('supplementReason')}
                onChange={set('supplementReason')}
                required
                multiline
                error={err('request_supplement', 'reason')}
              />
            </ActionForm>
          ) : null}
          {data.actions.includes('send_back') && step && stepIndex > 0 ? (
            <ActionForm
              title="Trả lại bước trước"
              submitLabel="Trả lại"
              busy={busy}
              onSubmit={() =>
                void act('send_back', {
                  stepCode: step.code,
                  toStepCode: v('toStepCode') || c.steps[stepIndex - 1]!.code,
                  reason: v('sendBackReason'),
                })
              }
            >
              <div className="field">
                <label htmlFor="toStepCode">Trả về bước</label>
                <select
                  id="toStepCode"
                  value={v('toStepCode') || c.steps[stepIndex - 1]!.code}
                  onChange={(e) => set('toStepCode')(e.target.value)}
                >
                  {c.steps.slice(0, stepIndex).map((s) => (
                    <option key={s.code} value={s.code}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </div>
              <Field
                id="sendBackReason"
                label="Lý do trả lại"
                value={v('sendBackReason')}
                onChange={set('sendBackReason')}
                required
                error={err('send_back', 'reason')}
              />
            </ActionForm>
          ) : null}
          {data.actions.includes('apologize') ? (
            <details className="card">
              <summary>Xin lỗi và hẹn lại ngày trả (Mẫu 04)</summary>
              <ActionForm
                title="Phiếu xin lỗi"
                submitLabel="Phát hành phiếu xin lỗi"
                busy={busy}
                onSubmit={() =>
                  void act('apologize', {
                    newDueAt: v('newDueAt') ? new Date(v('newDueAt')).toISOString() : '',
                    reason: v('apologyReason'),
                  })
                }
              >
                <Field
                  id="newDueAt"
                  label="Ngày hẹn trả mới"
                  type="datetime-local"
                  value={v('newDueAt')}
                  onChange={set('newDueAt')}
                  required
                  error={err('apologize', 'newDueAt')}
                />
                <Field
                  id="apologyReason"
                  label="Lý do"
                  value={v('apologyReason')}
                  onChange={set('apologyReason')}
                  required
                  error={err('apologize', 'reason')}
                />
              </ActionForm>
            </details>
          ) : null}
          {data.actions.includes('stop') ? (
            <details className="card">
              <summary>Dừng xử lý hồ sơ</summary>
              <ActionForm
                title="Dừng xử lý"
                submitLabel="Dừng xử lý"
                busy={busy}
                onSubmit={() => void act('stop', { reason: v('stopReason') })}
              >
                <Field
                  id="stopReason"
                  label="Lý do dừng xử lý"
                  value={v('stopReason')}
                  onChange={set('stopReason')}
                  required
                  error={err('stop', 'reason')}
                />
              </ActionForm>
            </details>
          ) : null}
        </section>
      </div>

      <section className="card" aria-labelledby="form05">
        <h2 id="form05">Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)</h2>
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Thời gian</th>
              <th scope="col">Bên giao</th>
              <th scope="col">Bên nhận</th>
              <th scope="col">Người giao / người nhận</th>
              <th scope="col">Kết quả</th>
            </tr>
          </thead>
          <tbody>
            {c.handOffs.map((h, i) => (
              <tr key={i}>
                <td>{when(h.handedAt)}</td>
                <td>{unit(h.fromUnitCode)}</td>
                <td>{unit(h.toUnitCode)}</td>
                <td>
                  {h.givenBy || '—'} → {h.receivedBy || '—'}
                </td>
                <td>{TIMELINESS[String(h.result)] ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
