// The people of the scenario: the district desk's officer and each agency's leader and
// specialist, acting through the platform's gRPC APIs with their own tokens. A call is repeated
// with the same request id while the platform is still propagating an earlier step (the case not
// yet opened at the agency, the result not yet at the desk) or an instance is briefly away.
// In the modern mode a dossier may come online (the portal submits, the desk receives it) or by
// post (scripts/demo/postal.js), and its result may go back by post.
'use strict';
const path = require('node:path');
const grpc = require('@grpc/grpc-js');

const root = path.resolve(__dirname, '../..');
const { intake, processing, reporting, common } = require(path.join(root, 'libs/contracts/dist'));
const { TokenIssuer, grpcClient, call } = require(path.join(root, 'libs/grpc-kit/dist'));
const { PostalDesk } = require('./postal');

const WAIT_CODES = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.NOT_FOUND,
  grpc.status.FAILED_PRECONDITION,
  grpc.status.ABORTED,
]);
const FIRST_NAMES = ['Nguyễn Văn', 'Trần Thị', 'Lê Văn', 'Phạm Thị', 'Hoàng Văn', 'Vũ Thị', 'Đỗ Văn', 'Bùi Thị'];

class Officers {
  constructor({ platform, secret, plan, now, follow, log = () => {} }) {
    this.plan = plan;
    /** Follows the topics (scripts/demo/follow.js): an action waits for the event it rests on. */
    this.follow = follow;
    this.log = log;
    this.runId = platform.runId;
    this.issuer = new TokenIssuer(secret);
    this.tokens = new Map();
    this.desk = grpcClient(intake.IntakeServiceClient, platform.address('intake'));
    this.agency = grpcClient(processing.ProcessingServiceClient, platform.address('processing'));
    this.reports = grpcClient(reporting.ReportingServiceClient, platform.address('reporting'));
    this.postal = platform.has('postal-delivery')
      ? new PostalDesk({
          address: platform.address('postal-delivery'),
          simulatorUrl: platform.env.PROVIDER_BASE_URL,
          now,
          persist: (what, fn) => this.persist(what, fn),
        })
      : undefined;
    this.ids = new Map();
    this.codes = new Map();
    this.submitted = 0;
    this.retries = 0;
    /** Set on Ctrl-C: calls are no longer repeated. */
    this.stopped = false;
  }

  async token(officerId, role, unitCode) {
    const key = `${officerId}/${role}/${unitCode}`;
    if (!this.tokens.has(key)) this.tokens.set(key, await this.issuer.issue({ officerId, role, unitCode }));
    return this.tokens.get(key);
  }

  /**
   * Repeats `fn` with the same request while the platform catches up (up to 10 min: a loaded
   * machine or a Kafka rebalance can hold events back for minutes), saying so after 30 s.
   */
  async persist(what, fn, counter) {
    const started = Date.now();
    let told = false;
    for (let pause = 100; ; pause = Math.min(pause * 2, 1000)) {
      try {
        return await fn();
      } catch (err) {
        if (!WAIT_CODES.has(err.code) || Date.now() - started > 600_000 || this.stopped)
          throw new Error(`${what}: ${err.message}`, { cause: err });
        this.retries++;
        if (counter) counter.n++;
        if (!told && Date.now() - started > 30_000) {
          told = true;
          this.log(`  still waiting after 30 s: ${what} (${err.message})`);
        }
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  /** Does one planned action; returns how many calls it repeated while events travelled. */
  async perform(a) {
    const counter = { n: 0 };
    await this.act(a, counter);
    return counter.n;
  }

  /** Waits for the event the action rests on, when the demo follows the topics. */
  async ready(a, d, dossierId) {
    const f = this.follow;
    if (!f) return;
    if (a.kind === 'assign') await f.caseOpened(dossierId);
    else if (a.kind === 'record_supplement') await f.deskNoted(dossierId, common.NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED);
    // the supplement comes between the assignment and the first step
    else if (a.kind === 'step' && d.supplement) await f.caseResumed(dossierId);
    else if (a.kind === 'return' && !d.resultByPost) await f.deskNoted(dossierId, common.NationalStatus.NATIONAL_STATUS_RESULT_READY);
  }

  async act(a, counter) {
    const d = this.plan.dossiers[a.n];
    const p = d.procedure;
    const rid = `${this.runId}-${a.n}-${a.kind}${a.step ? `-${a.step}` : ''}`;
    const desk = await this.token(`motcua-${d.unitCode}`, 'desk_officer', d.unitCode);
    const leader = await this.token(`ld-${p.agencyCode}`, 'leader', p.agencyCode);
    const specialist = await this.token(`cv-${p.agencyCode}`, 'specialist', p.agencyCode);
    const dossierId = this.ids.get(a.n);
    await this.ready(a, d, dossierId);
    const c = (client, method, req, token) =>
      this.persist(`${a.kind} of dossier ${a.n} (${p.code})`, () => call(client[method].bind(client), req, { token }), counter);
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
        const applicant = {
          fullName: `${FIRST_NAMES[a.n % FIRST_NAMES.length]} Mẫu ${a.n + 1}`,
          idNumber: `036${String(90000000 + a.n).padStart(9, '0')}`,
          address: 'huyện Trực Ninh, Nam Định (dữ liệu mẫu)',
          phone: `09${String(10000000 + a.n).slice(-8)}`,
          email: '',
        };
        const resultDelivery = d.resultByPost ? common.ResultDelivery.RESULT_DELIVERY_POST : common.ResultDelivery.RESULT_DELIVERY_COUNTER;
        let received;
        if (d.channel === 'postal') {
          const portal = await this.token('cong-dvc', 'citizen_portal', 'PORTAL');
          const postman = await this.token('bd-demo', 'postal_provider', 'VNPOST');
          received = await this.postal.pickUp({ rid, d, applicant, documents: docs, tokens: { portal, postman, desk } });
        } else {
          const online = d.channel === 'online';
          const req = {
            requestId: rid,
            channel: online ? common.Channel.CHANNEL_ONLINE : common.Channel.CHANNEL_COUNTER,
            unitCode: d.unitCode,
            procedureCode: p.code,
            applicant,
            documents: docs,
            resultDelivery,
            postalHandover: undefined,
          };
          const res = await c(this.desk, 'submitDossier', req, online ? await this.token('cong-dvc', 'citizen_portal', 'PORTAL') : desk);
          let outcome = res.outcome;
          if (online && outcome?.$case === 'submittedOnline') {
            const dossierId = outcome.submittedOnline.dossierId;
            outcome = (await c(this.desk, 'receiveOnlineDossier', { requestId: `${rid}-receive`, dossierId, refusalReason: '' }, desk))
              .outcome;
          }
          if (outcome?.$case !== 'received') throw new Error(`dossier ${a.n} (${p.code}) was not received: ${JSON.stringify(outcome)}`);
          received = outcome.received;
        }
        this.ids.set(a.n, received.dossierId);
        this.codes.set(a.n, received.dossierCode);
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
        if (d.resultByPost) return this.postal.deliverResult({ d, dossierCode: this.codes.get(a.n), tokens: { desk } });
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

  async officialReport(from, to, grouping = reporting.ReportGrouping.REPORT_GROUPING_FIELD) {
    const auditor = await this.token('kiemtra01', 'auditor', 'TRUCNINH');
    return this.persist('the official report', () =>
      call(
        this.reports.getOfficialReport.bind(this.reports),
        { period: { fromDate: from, toDate: to }, grouping, asOf: undefined },
        { token: auditor },
      ),
    );
  }

  async periodStatistics(from, to) {
    const auditor = await this.token('kiemtra01', 'auditor', 'TRUCNINH');
    return this.persist('the period statistics', () =>
      call(
        this.reports.getPeriodStatistics.bind(this.reports),
        { period: { fromDate: from, toDate: to }, asOf: undefined },
        { token: auditor },
      ),
    );
  }

  close() {
    for (const x of [this.desk, this.agency, this.reports]) x.close();
    this.postal?.close();
  }
}

module.exports = { Officers };
