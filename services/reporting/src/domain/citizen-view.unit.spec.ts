import { citizenView } from './citizen-view';
import { registerRows } from './dossier-register';
import { foldDossier } from './fold';
import { fact, receivedBody, vn } from '../testing/facts.spec';

const view = foldDossier('d1', [
  fact('d1', 'onestop.intake', 1, receivedBody(vn('2020-03-02 08:00'), vn('2020-03-04 17:00'))),
  fact('d1', 'onestop.processing', 1, {
    kind: 'processing_progress',
    at: vn('2020-03-02 09:00'),
    status: 4,
    summary: 'Assigned to specialist-7',
    assignee: 'specialist-7',
    agencyCode: '',
    handoff: { from: 'H40', to: 'STP', givenBy: 'desk-1', receivedBy: 'specialist-7', result: '', note: '' },
  }),
  fact('d1', 'onestop.processing', 2, {
    kind: 'processing_progress',
    at: vn('2020-03-02 10:00'),
    status: 4,
    summary: 'Step done',
    assignee: '',
    agencyCode: '',
    handoff: null,
  }),
  fact('d1', 'onestop.processing', 3, {
    kind: 'apology_issued',
    at: vn('2020-03-03 10:00'),
    newDueAt: vn('2020-03-06 17:00'),
    reason: 'verification',
  }),
  fact('d1', 'onestop.processing', 4, { kind: 'result_ready', at: vn('2020-03-05 10:00'), verdict: 'late' }),
])!;

describe('what a citizen sees', () => {
  it('shows the status changes and the appointed time in force, nothing personal', () => {
    const seen = citizenView(view);
    expect(seen).toEqual({
      dossierCode: 'H40-200203-0001',
      procedureName: 'Chứng thực',
      status: 9,
      statusName: 'Đã xử lý xong (result ready)',
      receivedAt: vn('2020-03-02 08:00'),
      appointedAt: vn('2020-03-06 17:00'),
      timeline: [
        { at: vn('2020-03-02 08:00'), status: 2, statusName: 'Được tiếp nhận (received)' },
        { at: vn('2020-03-02 09:00'), status: 4, statusName: 'Đang xử lý (being processed)' },
        { at: vn('2020-03-05 10:00'), status: 9, statusName: 'Đã xử lý xong (result ready)' },
      ],
    });
    expect(JSON.stringify(seen)).not.toMatch(/Nguyễn|specialist|desk-1/);
  });
});

describe('the dossier register (Form 06)', () => {
  it('lists received dossiers in receipt order with the transfer and a note', () => {
    const later = {
      ...view,
      dossierId: 'd2',
      dossierCode: 'H40-200303-0001',
      receivedAt: vn('2020-03-03 08:00'),
      timeline: [],
      apologies: [],
    };
    const neverReceived = { ...view, dossierId: 'd3', receivedAt: null };
    expect(registerRows([later, neverReceived, view]).map((r) => [r.no, r.dossierCode, r.transferredAt, r.note])).toEqual([
      [1, 'H40-200203-0001', vn('2020-03-02 09:00'), 'apology issued (Form 04)'],
      [2, 'H40-200303-0001', null, ''],
    ]);
  });
});
