// Intake throughput, as ratios within one run (127.0.0.1 only; bounded; stops by itself):
//  - concurrency: 16 desks at once vs one desk at a time, against one intake process;
//  - scale-out: two intake processes vs one, at the same concurrency and the same unit
//    (all contend for one daily code sequence, the worst case);
//  - projection lag: how long reporting takes to show a dossier, relative to the submit latency.
import { call, intakeClient, reportingClient, tokenFor } from '../support/clients';
import { applicant, householdBusiness } from '../support/fixtures';
import { createPlatform, type Platform } from '../support/platform';
import { freePort } from '@onestop/test-support';
import { waitFor } from '../support/wait';

const N = Number(process.env.BENCH_DOSSIERS ?? 200);

const COMMUNES = ['XTRUCCHINH', 'XPHUONGDINH', 'XLIEMHAI', 'XTRUCTUAN', 'XVIETHUNG', 'XTRUCDAO', 'XTRUCHUNG', 'XTRUCNOI', 'XTRUCTHANH', 'XTRUCKHANG', 'XTRUCTHUAN', 'XTRUCMY', 'XTRUCDAI', 'XTRUCCUONG', 'XTRUCTHAI', 'XTRUNGDONG'];

/** A complete commune submission (signature certification) at the worker's own commune. */
const communeDossier = (worker: number, i: number) =>
  householdBusiness({
    unitCode: COMMUNES[worker % COMMUNES.length],
    procedureCode: 'XA-CT-01',
    applicant: applicant(i),
    documents: [{ componentCode: 'GIAYTO', form: 1, count: 1, fileRef: '' }, { componentCode: 'CCCD', form: 2, count: 1, fileRef: '' }],
  });

async function run(clients: ReturnType<typeof intakeClient>[], token: string, count: number, concurrency: number, perCommune = false): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < count; i = next++) {
        const c = clients[(worker + i) % clients.length];
        const request = perCommune ? communeDossier(worker, i) : householdBusiness({ applicant: applicant(i) });
        await call(c.submitDossier.bind(c), request, { token, timeoutMs: 60_000 });
      }
    }),
  );
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

describe('intake throughput (ratios)', () => {
  let platform: Platform;

  afterAll(async () => platform?.stopAll());

  it('measures', async () => {
    platform = await createPlatform();
    await Promise.all([platform.start('intake', { LOG_LEVEL: 'warn' }), platform.start('reporting', { LOG_LEVEL: 'warn' })]);
    const token = await tokenFor({ officerId: 'bench', role: 'desk_officer', unitCode: 'TRUCNINH' });
    const one = intakeClient(platform.address('intake'));
    await run([one], token, 20, 4); // warm-up

    const sequential = await run([one], token, N, 1);
    const concurrent = await run([one], token, N, 16);
    await platform.start('intake', { GRPC_PORT: String(await freePort()), LOG_LEVEL: 'warn' }, 'intake-2');
    const two = intakeClient(platform.services.get('intake-2')!.grpcAddress);
    const scaled = await run([one, two], token, N, 16);
    const service = await tokenFor({ officerId: 'bench-portal', role: 'service', unitCode: 'TRUCNINH' });
    const communes = await run([one, two], service, N, 16, true);

    const auditor = await tokenFor({ officerId: 'audit', role: 'auditor', unitCode: 'TRUCNINH' });
    const reports = reportingClient(platform.address('reporting'));
    const t0 = process.hrtime.bigint();
    const res = await call(one.submitDossier.bind(one), householdBusiness(), { token });
    const submitMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const id = res.outcome?.$case === 'received' ? res.outcome.received.dossierId : '';
    await waitFor('projection', async () => (await call(reports.getDossier.bind(reports), { key: { $case: 'dossierId', dossierId: id } }, { token: auditor }).catch(() => undefined))?.dossier, 120_000);
    const visibleMs = Number(process.hrtime.bigint() - t0) / 1e6;

    for (const c of [one, two, reports]) c.close();
    const rows = [
      ['one desk at a time, 1 intake', sequential, 1],
      ['16 desks at once, 1 intake', concurrent, concurrent / sequential],
      ['16 desks at once, 2 intakes (one unit, one code sequence)', scaled, scaled / concurrent],
      ['16 desks at once, 2 intakes, 16 communes (16 sequences)', communes, communes / scaled],
    ];
    process.stdout.write(`\nIntake throughput over ${N} dossiers each (dossiers/s; ratio to the row above):\n`);
    for (const [label, rate, ratio] of rows) process.stdout.write(`  ${String(label).padEnd(58)} ${Number(rate).toFixed(1).padStart(8)}  x${Number(ratio).toFixed(2)}\n`);
    process.stdout.write(`Projection lag: visible in reporting after ${(visibleMs / submitMs).toFixed(1)} x the submit latency\n\n`);
    expect(sequential).toBeGreaterThan(0);
  });
});
