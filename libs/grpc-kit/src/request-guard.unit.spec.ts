import { common, intake, postal, processing } from '@onestop/contracts';
import { edgeViolations, guardDefinition } from './edge';
import { requestSchemas } from './request-guard';

const now = new Date('2026-06-01T03:00:00Z');
const SUBMIT = '/onestop.intake.v1.IntakeService/SubmitDossier';
const schemas = requestSchemas();

const submit = (over: Partial<intake.SubmitDossierRequest> = {}) =>
  intake.SubmitDossierRequest.fromPartial({
    requestId: 'r-1',
    channel: 1,
    unitCode: 'TRUCNINH',
    procedureCode: 'TCKH-01',
    applicant: { fullName: 'Nguyễn Văn An', idNumber: '036090001234', address: 'Số 1 Trần Hưng Đạo', phone: '0912345678', email: '' },
    documents: [{ componentCode: 'DON', form: 1, count: 1, fileRef: '' }],
    resultDelivery: 1,
    ...over,
  });

const fields = (v: { field: string }[]) => v.map((x) => x.field);

describe('edge checks driven by the request descriptor', () => {
  it('passes a normal request', () => {
    expect(schemas.check(SUBMIT, submit(), now)).toEqual([]);
  });

  it('refuses unknown enum values, naming the field (channel 99 / -1, documents[].form 42, result_delivery 99)', () => {
    const req = submit({
      channel: 99 as common.Channel,
      resultDelivery: 99 as common.ResultDelivery,
      documents: [{ componentCode: 'DON', form: 42 as common.DocumentForm, count: 1, fileRef: '' }],
    });
    expect(fields(schemas.check(SUBMIT, req, now))).toEqual(['channel', 'documents[0].form', 'result_delivery']);
    expect(fields(schemas.check(SUBMIT, submit({ channel: -1 as common.Channel }), now))).toEqual(['channel']);
  });

  it('bounds every string by its field, normalises to NFC and refuses control characters and blank values', () => {
    const req = submit({
      applicant: { fullName: 'An\u0000', idNumber: '036090001234', address: '\u200b\u200b', phone: '', email: 'x'.repeat(120_000) },
    });
    const v = schemas.check(SUBMIT, req, now);
    expect(fields(v)).toEqual(['applicant.full_name', 'applicant.address', 'applicant.email']);
    expect(v[2].description).toBe('is 120000 characters; at most 254 are accepted');
    const nfd = submit({ applicant: { fullName: 'Nguye\u0302\u0303n', idNumber: '036090001234', address: 'x', phone: '', email: '' } });
    expect(schemas.check(SUBMIT, nfd, now)).toEqual([]);
    expect(nfd.applicant?.fullName).toBe('Nguyễn');
  });

  it('trims codes typed with surrounding spaces, and refuses spaces inside them', () => {
    const path = '/onestop.reporting.v1.ReportingService/LookupDossier';
    const req = { dossierCode: ' H40-200801-0001 ', idNumber: '036090001234' };
    expect(schemas.check(path, req, now)).toEqual([]);
    expect(req.dossierCode).toBe('H40-200801-0001');
    expect(fields(schemas.check(path, { dossierCode: 'H40 200801', idNumber: '' }, now))).toEqual(['dossier_code']);
  });

  it('refuses a 1.2 MB address with the limit stated', () => {
    const v = schemas.check(
      SUBMIT,
      submit({ applicant: { fullName: 'An', idNumber: '036090001234', address: 'a'.repeat(1_200_000), phone: '', email: '' } }),
      now,
    );
    expect(v).toEqual([{ field: 'applicant.address', description: 'is 1200000 characters; at most 500 are accepted' }]);
  });

  it('bounds repeated fields without one violation per item', () => {
    const documents = Array.from({ length: 100_000 }, () => ({ componentCode: 'DON', form: 42, count: 1, fileRef: '' }));
    expect(schemas.check(SUBMIT, submit({ documents }), now)).toEqual([
      { field: 'documents', description: 'has 100000 items; at most 100 are accepted' },
    ]);
  });

  it('checks ids in oneofs by the field name (GetDossier dossier_id "a b", 300 characters)', () => {
    const path = '/onestop.intake.v1.IntakeService/GetDossier';
    expect(fields(schemas.check(path, { key: { $case: 'dossierId', dossierId: 'a b' } }, now))).toEqual(['dossier_id']);
    expect(fields(schemas.check(path, { key: { $case: 'dossierId', dossierId: 'x'.repeat(300) } }, now))).toEqual(['dossier_id']);
    expect(fields(schemas.check(path, { key: { $case: 'dossierCode', dossierCode: 'c'.repeat(1_000_000) } }, now))).toEqual([
      'dossier_code',
    ]);
  });

  it('keeps instants in a window: an apology due in year 10000, a hand-over in 1900 or at 1e13 s', () => {
    const apology = processing.IssueApologyRequest.fromPartial({
      requestId: 'r',
      dossierId: 'd',
      reason: 'x',
      newDueAt: new Date('+010000-01-01T00:00:00Z'),
    });
    expect(fields(schemas.check('/onestop.processing.v1.ProcessingService/IssueApology', apology, now))).toEqual(['new_due_at']);
    const path = '/onestop.postal.v1.PostalService/RecordHandover';
    for (const at of [new Date('1900-01-01T00:00:00Z'), new Date(1e13 * 1000)]) {
      expect(
        fields(schemas.check(path, postal.RecordHandoverRequest.fromPartial({ requestId: 'r', shipmentId: 's', handedOverAt: at }), now)),
      ).toEqual(['handed_over_at']);
    }
    // a hand-over an hour in the future has not happened yet
    const future = postal.RecordHandoverRequest.fromPartial({
      requestId: 'r',
      shipmentId: 's',
      handedOverAt: new Date(now.getTime() + 3600_000),
    });
    expect(fields(schemas.check(path, future, now))).toEqual(['handed_over_at']);
  });

  it('decodes undecodable bytes into a violation instead of throwing: int64 max names the field', () => {
    const def = guardDefinition(postal.PostalServiceService);
    const method = def.recordCodRemittance;
    // amount_vnd (field 3, varint) = 2^63 - 1
    const bytes = Buffer.concat([
      Buffer.from(postal.RecordCodRemittanceRequest.encode({ requestId: 'r', shipmentId: 's', amountVnd: 0, receiptNumber: '' }).finish()),
      Buffer.from([0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
    ]);
    const decoded = method.requestDeserialize(bytes);
    expect(edgeViolations(method.path, decoded, now)).toEqual([
      { field: 'amount_vnd', description: expect.stringContaining('largest whole number') },
    ]);
    const garbage = method.requestDeserialize(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    expect(edgeViolations(method.path, garbage, now)).toEqual([
      { field: '(request)', description: expect.stringContaining('cannot be decoded') },
    ]);
  });

  it('refuses negative or absurd amounts of money', () => {
    const path = '/onestop.postal.v1.PostalService/RecordCodRemittance';
    expect(fields(schemas.check(path, { requestId: 'r', shipmentId: 's', amountVnd: -1, receiptNumber: '' }, now))).toEqual(['amount_vnd']);
  });
});
