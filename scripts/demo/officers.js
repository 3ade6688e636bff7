// The people of the scenario: the district desk's officer and each agency's leader and
// specialist, acting through the platform's gRPC APIs with their own tokens. A call is repeated
// with the same request id while the platform is still propagating an earlier step (the case not
// yet opened at the agency, the result not yet at the desk) or an instance is briefly away.
'use strict';
const path = require('node:path');
const grpc = require('@grpc/grpc-js');

const root = path.resolve(__dirname, '../..');
const { intake, processing, reporting, common } = require(path.join(root, 'libs/contracts/dist'));
const { TokenIssuer, grpcClient, call } = require(path.join(root, 'libs/grpc-kit/dist'));

const WAIT_CODES = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.NOT_FOUND,
  grpc.status.FAILED_PRECONDITION,
  grpc.status.ABORTED,
]);
const FIRST_NAMES = ['Nguyễn Văn', 'Trần Thị', 'Lê Văn', 'Phạm Thị', 'Hoàng Văn', 'Vũ Thị', 'Đỗ Văn', 'Bùi Thị'];

class Officers {
  constructor({ platform, secret, plan }) {
    this.plan = plan;
    this.runId = platform.runId;
    this.issuer = new TokenIssuer(secret);
    this.tokens = new Map();
    this.desk = grpcClient(intake.IntakeServiceClient, platform.address('intake'));
    this.agency = grpcClient(processing.ProcessingServiceClient, platform.address('processing'));
    this.reports = grpcClient(reporting.ReportingServiceClient, platform.address('reporting'));
    this.ids = new Map();
    this.submitted = 0;
    this.retries = 0;
  }

  async token(officerId, role, unitCode) {
    const key = `${officerId}/${role}/${unitCode}`;
    if (!this.tokens.has(key)) this.tokens.set(key, await this.issuer.issue({ officerId, role, unitCode }));
    return this.tokens.get(key);
  }

  /** Repeats `fn` with the same request while the platform catches up (up to 120 s). */
  async persist(what, fn) {
    const deadline = Date.now() + 120_000;
    for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
      try {
        return await fn();
      } catch (err) {
        if (!WAIT_CODES.has(err.code) || Date.now() > deadline) throw new Error(`${what}: ${err.message}`, { cause: err });
        this.retries++;
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  async perform(a) {
    const d = this.plan.dossiers[a.n];
    const p = d.procedure;
    const rid = `${this.runId}-${a.n}-${a.kind}${a.step ? `-${a.step}` : ''}`;
    const desk = await this.token('motcua01', 'desk_officer', d.unitCode);
    const leader = await this.token(`ld-${p.agencyCode}`, 'leader', p.agencyCode);
    const specialist = await this.token(`cv-${p.agencyCode}`, 'specialist', p.agencyCode);
    const dossierId = this.ids.get(a.n);
    const c = (client, method, req, token) =>
      this.persist(`${a.kind} of dossier ${a.n} (${p.code})`, () => call(client[method].bind(client), req, { token }));
    const docs = p.components
      .filter((x) => x.required)
      .map((x) => ({
        componentCode: x.code,
        form: common.DocumentForm[`DOCUMENT_FORM_${x.form.toUpperCase()}`],
        count: x.count || 1,
        fileRef: '',
      }));
    switch (a.kind) {
      case 'submit': {
        const res = await c(
          this.desk,
          'submitDossier',
          {
            requestId: rid,
            channel: common.Channel.CHANNEL_COUNTER,
            unitCode: d.unitCode,
            procedureCode: p.code,
            applicant: {
              fullName: `${FIRST_NAMES[a.n % FIRST_NAMES.length]} Mẫu ${a.n + 1}`,
              idNumber: `036${String(90000000 + a.n).padStart(9, '0')}`,
              address: 'huyện Trực Ninh, Nam Định (dữ liệu mẫu)',
              phone: `09${String(10000000 + a.n).slice(-8)}`,
              email: '',
            },
            documents: docs,
            resultDelivery: common.ResultDelivery.RESULT_DELIVERY_COUNTER,
            postalHandover: undefined,
          },
          desk,
        );
        if (res.outcome?.$case !== 'received')
          throw new Error(`dossier ${a.n} (${p.code}) was not received: ${JSON.stringify(res.outcome)}`);
        this.ids.set(a.n, res.outcome.received.dossierId);
        this.submitted++;
        return;
      }
      case 'assign':
        return c(
          this.agency,
          'assignOfficer',
          { requestId: rid, dossierId, officerId: `cv-${p.agencyCode}`, note: '', expectedVersion: 0 },
          leader,
        );
      case 'request_supplement': {
        const first = p.components.find((x) => x.required);
        return c(
          this.agency,
          'requestSupplement',
          {
            requestId: rid,
            dossierId,
            items: [{ componentCode: first.code, componentName: first.name, problem: 'bản sao không rõ, cần bổ sung' }],
            reason: 'hồ sơ cần bổ sung',
            expectedVersion: 0,
          },
          specialist,
        );
      }
      case 'record_supplement':
        return c(this.desk, 'recordSupplement', { requestId: rid, dossierId, documents: docs.slice(0, 1) }, desk);
      case 'step':
        return c(
          this.agency,
          'completeStep',
          { requestId: rid, dossierId, stepCode: a.step, note: '', expectedVersion: 0 },
          a.role === 'leader' ? leader : specialist,
        );
      case 'apology':
        return c(
          this.agency,
          'issueApology',
          { requestId: rid, dossierId, reason: 'cần thêm thời gian xác minh (Mẫu 04)', newDueAt: a.newDueAt, expectedVersion: 0 },
          leader,
        );
      case 'issue':
        return c(
          this.agency,
          'issueResult',
          { requestId: rid, dossierId, resultSummary: `Kết quả ${p.code}`, documentNumber: `${a.n + 1}/2020`, expectedVersion: 0 },
          leader,
        );
      case 'return':
        return c(
          this.desk,
          'returnResult',
          { requestId: rid, dossierId, method: common.ResultDelivery.RESULT_DELIVERY_COUNTER, recipientName: 'Người nhận (dữ liệu mẫu)' },
          desk,
        );
      default:
        throw new Error(`unknown action ${a.kind}`);
    }
  }

  async officialReport(from, to) {
    const auditor = await this.token('kiemtra01', 'auditor', 'TRUCNINH');
    return this.persist('the official report', () =>
      call(
        this.reports.getOfficialReport.bind(this.reports),
        { period: { fromDate: from, toDate: to }, grouping: 1, asOf: undefined },
        { token: auditor },
      ),
    );
  }

  close() {
    for (const x of [this.desk, this.agency, this.reports]) x.close();
  }
}

module.exports = { Officers };
