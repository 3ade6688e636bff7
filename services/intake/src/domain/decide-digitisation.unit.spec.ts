// Số hóa at the desk: components scanned or reused from the same citizen's earlier dossier, and the
// result digitised once ready; every bad input names its field.
import { applicant, dossierWithStatus, NationalStatus, vn } from '../testing/fixtures.spec';
import { decideDigitisation, type DigitisationCommand, type EarlierDossier } from './decide-digitisation';
import { evolve, type DossierState } from './dossier';

const NOW = vn('2026-03-04 09:30');
const SHA = 'a'.repeat(64);
const scan = { fileRef: 'archive://2026/03/04/giaydk.pdf', sha256: SHA, pageCount: 2 };

function command(over: Partial<DigitisationCommand> = {}): DigitisationCommand {
  return { type: 'RecordDigitisation', components: [], officerId: 'desk-1', earlier: new Map(), ...over };
}

function events(state: DossierState, cmd: DigitisationCommand) {
  const d = decideDigitisation(state, cmd, NOW);
  if (!d.ok) throw new Error(JSON.stringify(d.rejection));
  return d.events;
}

function violations(state: DossierState, cmd: DigitisationCommand) {
  const d = decideDigitisation(state, cmd, NOW);
  if (d.ok || d.rejection.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(d)}`);
  return d.rejection.violations;
}

const earlierOf = (idNumber: string, components: string[]): EarlierDossier => ({
  dossierId: 'd-0',
  applicantIdNumber: idNumber,
  digitisedComponents: components,
});

describe('digitisation at receipt', () => {
  const state = dossierWithStatus(NationalStatus.NATIONAL_STATUS_RECEIVED);

  it('records a scanned component with who and when, and the dossier knows it has a copy', () => {
    const evs = events(state, command({ components: [{ componentCode: 'GIAYDK', scanned: scan }] }));
    expect(evs).toEqual([
      {
        type: 'ComponentsDigitised',
        data: {
          dossierId: 'd-1',
          components: [
            {
              componentCode: 'GIAYDK',
              scanned: { ...scan, digitisedBy: 'desk-1', digitisedAt: NOW },
              reused: undefined,
              reusedFromDossierId: '',
            },
          ],
          recordedBy: 'desk-1',
          recordedAt: NOW,
          unitCode: 'TRUCNINH',
          fieldCode: 'TCKH',
        },
      },
    ]);
    expect(evs.reduce(evolve, state).digitisedComponents).toEqual(['GIAYDK']);
  });

  it('reuses the same citizen earlier digitised copy', () => {
    const earlier = new Map([['TRUCNINH-260301-0001', earlierOf(applicant().idNumber, ['CCCD'])]]);
    const evs = events(
      state,
      command({ components: [{ componentCode: 'CCCD', reused: { dossierCode: 'TRUCNINH-260301-0001', componentCode: 'CCCD' } }], earlier }),
    );
    expect(evs[0].type === 'ComponentsDigitised' && evs[0].data.components[0].reusedFromDossierId).toBe('d-0');
  });

  it('refuses a reuse of another citizen copy, of a missing dossier or of a component never digitised', () => {
    const reuse = (code: string, component = 'CCCD') => ({
      componentCode: 'CCCD',
      reused: { dossierCode: code, componentCode: component },
    });
    const earlier = new Map<string, EarlierDossier | undefined>([
      ['TRUCNINH-260301-0001', earlierOf('001099000001', ['CCCD'])],
      ['TRUCNINH-260301-0002', earlierOf(applicant().idNumber, ['GIAYDK'])],
      ['TRUCNINH-260301-0003', undefined],
    ]);
    expect(violations(state, command({ components: [reuse('TRUCNINH-260301-0001')], earlier }))).toEqual([
      {
        field: 'components[0].reused.dossier_code',
        description: "dossier TRUCNINH-260301-0001 is not the same citizen's (ID number differs)",
      },
    ]);
    expect(violations(state, command({ components: [reuse('TRUCNINH-260301-0002')], earlier }))).toEqual([
      { field: 'components[0].reused.component_code', description: 'dossier TRUCNINH-260301-0002 has no digitised copy of CCCD' },
    ]);
    expect(violations(state, command({ components: [reuse('TRUCNINH-260301-0003')], earlier }))).toEqual([
      { field: 'components[0].reused.dossier_code', description: 'no dossier with code TRUCNINH-260301-0003' },
    ]);
  });

  it('names every bad field: hash, pages, file, unknown component, missing source, duplicates', () => {
    const v = violations(
      state,
      command({
        components: [{ componentCode: 'GIAYDK', scanned: { fileRef: '', sha256: 'xyz', pageCount: 0 } }, { componentCode: 'GIAYDK' }],
      }),
    );
    expect(v.map((x) => x.field)).toEqual([
      'components[0].scanned.file_ref',
      'components[0].scanned.sha256',
      'components[0].scanned.page_count',
      'components[1].component_code',
      'components[1].source',
    ]);
    expect(violations(state, command({ components: [{ componentCode: 'NOPE', scanned: scan }] }))).toEqual([
      { field: 'components[0].component_code', description: `NOPE is not a component of ${state.code}` },
    ]);
    expect(violations(state, command())).toEqual([{ field: 'components', description: 'give at least one component or the result' }]);
  });
});

describe('digitisation of the result', () => {
  it('is recorded once the result is ready, once', () => {
    const ready = dossierWithStatus(NationalStatus.NATIONAL_STATUS_RESULT_READY);
    const evs = events(ready, command({ result: scan }));
    expect(evs[0]).toEqual({
      type: 'ResultDigitised',
      data: { dossierId: 'd-1', copy: { ...scan, digitisedBy: 'desk-1', digitisedAt: NOW }, unitCode: 'TRUCNINH', fieldCode: 'TCKH' },
    });
    const after = evs.reduce(evolve, ready);
    expect(after.resultDigitised).toBe(true);
    expect(decideDigitisation(after, command({ result: scan }), NOW)).toMatchObject({ ok: false, rejection: { kind: 'precondition' } });
  });

  it('is refused before the result is ready', () => {
    const d = decideDigitisation(dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING), command({ result: scan }), NOW);
    expect(d).toMatchObject({ ok: false, rejection: { kind: 'precondition', message: expect.stringContaining('is not ready') } });
  });
});
