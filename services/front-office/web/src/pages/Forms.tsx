// The desk's printable outcomes: Form 01 (receipt and appointment), Form 02 (guidance to complete
// the dossier), Form 03 (refusal). Printed on A4 through the print stylesheet.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { DELIVERY, DOC_FORM, when } from '../labels';

/** The citizen page's address for a dossier, as printed and encoded in the receipt's QR code. */
export function trackingLink(dossierCode: string): string {
  return `${window.location.origin}/tra-cuu?ma=${encodeURIComponent(dossierCode)}`;
}

/** The tracking link as a QR code (SVG drawn by `qrcode`, shown as an image). */
function TrackingQr({ link }: { link: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }).then(
      (svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => live && setSrc(undefined),
    );
    return () => {
      live = false;
    };
  }, [link]);
  if (!src) return null;
  return <img className="qr" src={src} width={132} height={132} alt={`Mã QR tra cứu hồ sơ: ${link}`} data-testid="tracking-qr" />;
}

export interface Applicant {
  fullName: string;
  idNumber: string;
  address: string;
  phone: string;
}

export interface ReceiptSlip {
  dossierCode: string;
  deskName: string;
  applicant?: Applicant;
  procedureCode: string;
  procedureName: string;
  documents: { componentCode: string; name: string; form: number; count: number }[];
  statutoryTime: string;
  receivedAt: string;
  dueAt: string;
  resultDelivery: number;
  registerBook: string;
  registerRow: number;
  receivedBy: string;
}

export type Outcome =
  | { kind: 'received'; dossierId: string; dossierCode: string; receivedAt: string; dueAt: string; receiptSlip?: ReceiptSlip }
  | {
      kind: 'incomplete';
      dossierId: string;
      issuedAt: string;
      problems: { componentCode: string; componentName: string; problem: string }[];
    }
  | { kind: 'refused'; dossierId: string; reason: string; refusedAt: string }
  | { kind: 'submitted_online'; dossierId: string };

function Heading({ title, deskName }: { title: string; deskName: string }) {
  return (
    <header className="form-head">
      <div className="form-issuer">
        <p>{deskName}</p>
        <p className="upper">Bộ phận tiếp nhận và trả kết quả</p>
      </div>
      <div className="form-motto">
        <p className="upper">Cộng hòa xã hội chủ nghĩa Việt Nam</p>
        <p>Độc lập - Tự do - Hạnh phúc</p>
      </div>
      <h2>{title}</h2>
    </header>
  );
}

export function OutcomeForm({
  outcome,
  deskName,
  applicant,
  procedureName,
}: {
  outcome: Outcome;
  deskName: string;
  applicant: Applicant;
  procedureName: string;
}) {
  if (outcome.kind === 'received') {
    const slip = outcome.receiptSlip;
    return (
      <article className="paper" data-form="01">
        <Heading title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" deskName={deskName} />
        <p className="form-no">Mẫu số 01</p>
        <dl className="facts">
          <dt>Mã hồ sơ</dt>
          <dd className="code" data-testid="dossier-code">
            {outcome.dossierCode}
          </dd>
          <dt>Người nộp</dt>
          <dd>{applicant.fullName}</dd>
          <dt>Số CCCD</dt>
          <dd>{applicant.idNumber}</dd>
          <dt>Địa chỉ</dt>
          <dd>{applicant.address}</dd>
          {applicant.phone ? (
            <>
              <dt>Điện thoại</dt>
              <dd>{applicant.phone}</dd>
            </>
          ) : null}
          <dt>Thủ tục</dt>
          <dd>{slip?.procedureName ?? procedureName}</dd>
        </dl>
        {slip?.documents.length ? (
          <table>
            <caption>Thành phần hồ sơ đã nhận</caption>
            <thead>
              <tr>
                <th scope="col">STT</th>
                <th scope="col">Tên giấy tờ</th>
                <th scope="col">Hình thức</th>
                <th scope="col">Số lượng</th>
              </tr>
            </thead>
            <tbody>
              {slip.documents.map((d, i) => (
                <tr key={d.componentCode}>
                  <td>{i + 1}</td>
                  <td>{d.name}</td>
                  <td>{DOC_FORM[d.form] ?? ''}</td>
                  <td>{d.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <dl className="facts">
          {slip?.statutoryTime ? (
            <>
              <dt>Thời hạn giải quyết</dt>
              <dd>{slip.statutoryTime}</dd>
            </>
          ) : null}
          <dt>Thời gian nhận hồ sơ</dt>
          <dd>{when(outcome.receivedAt)}</dd>
          <dt>Thời gian trả kết quả</dt>
          <dd className="strong" data-testid="due-at">
            {when(outcome.dueAt)}
          </dd>
          {slip ? (
            <>
              <dt>Nơi trả kết quả</dt>
              <dd>{DELIVERY[slip.resultDelivery] ?? ''}</dd>
              <dt>Vào sổ</dt>
              <dd>
                {slip.registerBook} — số {slip.registerRow}
              </dd>
            </>
          ) : null}
        </dl>
        <div className="track">
          <TrackingQr link={trackingLink(outcome.dossierCode)} />
          <p className="track-hint">
            Quét mã QR hoặc truy cập <span className="link-text">{trackingLink(outcome.dossierCode)}</span>, nhập số CCCD để tra cứu tình
            trạng hồ sơ.
          </p>
        </div>
        <div className="signatures">
          <p>
            <strong>Người nộp hồ sơ</strong>
            <br />
            (Ký và ghi rõ họ tên)
          </p>
          <p>
            <strong>Người tiếp nhận hồ sơ</strong>
            <br />
            (Ký và ghi rõ họ tên)
            <br />
            {slip?.receivedBy ?? ''}
          </p>
        </div>
      </article>
    );
  }
  if (outcome.kind === 'incomplete') {
    return (
      <article className="paper" data-form="02">
        <Heading title="PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" deskName={deskName} />
        <p className="form-no">Mẫu số 02</p>
        <p>
          Hồ sơ của ông/bà <strong>{applicant.fullName}</strong> đề nghị giải quyết thủ tục <strong>{procedureName}</strong> chưa đầy đủ. Đề
          nghị ông/bà bổ sung, hoàn thiện các nội dung sau (hướng dẫn một lần, đầy đủ):
        </p>
        <ol className="problems">
          {outcome.problems.map((p) => (
            <li key={`${p.componentCode}-${p.problem}`}>
              <strong>{p.componentName || p.componentCode}</strong>: {p.problem}
            </li>
          ))}
        </ol>
        <p>Ngày hướng dẫn: {when(outcome.issuedAt)}</p>
        <div className="signatures">
          <p />
          <p>
            <strong>Người hướng dẫn</strong>
            <br />
            (Ký và ghi rõ họ tên)
          </p>
        </div>
      </article>
    );
  }
  if (outcome.kind === 'refused') {
    return (
      <article className="paper" data-form="03">
        <Heading title="PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" deskName={deskName} />
        <p className="form-no">Mẫu số 03</p>
        <p>
          Bộ phận tiếp nhận và trả kết quả từ chối tiếp nhận hồ sơ của ông/bà <strong>{applicant.fullName}</strong> đề nghị giải quyết thủ
          tục <strong>{procedureName}</strong>.
        </p>
        <p>
          <strong>Lý do:</strong> <span data-testid="refusal-reason">{outcome.reason}</span>
        </p>
        <p>Thời gian: {when(outcome.refusedAt)}</p>
        <div className="signatures">
          <p />
          <p>
            <strong>Người tiếp nhận</strong>
            <br />
            (Ký và ghi rõ họ tên)
          </p>
        </div>
      </article>
    );
  }
  return <p>Hồ sơ đã được ghi nhận.</p>;
}
