// Field rules: every violation is returned at once, named by the request field.
import { applicant, doc, F } from '../testing/fixtures.spec';
import { DERIVED_REQUEST_ID_PREFIX, requestIdViolations as validateRequestId } from '@onestop/commands';
import { validateApplicant, validateDocuments, validateScores } from './validation';

describe('applicant (người nộp hồ sơ)', () => {
  it('given a complete applicant, when validated, then there is no violation', () => {
    expect(validateApplicant(applicant())).toEqual([]);
  });

  it('given no applicant, when validated, then the applicant is required', () => {
    expect(validateApplicant(undefined)).toEqual([{ field: 'applicant', description: 'is required' }]);
  });

  it('given everything wrong, when validated, then every field is named', () => {
    expect(validateApplicant(applicant({ fullName: '  ', idNumber: '12345', address: '', phone: '12345', email: 'an@' }))).toEqual([
      { field: 'applicant.full_name', description: 'is required' },
      { field: 'applicant.id_number', description: 'must be a 12-digit personal identification number or a 9-digit ID card number' },
      { field: 'applicant.address', description: 'is required' },
      { field: 'applicant.phone', description: 'must be a Vietnamese phone number, e.g. 0912345678' },
      { field: 'applicant.email', description: 'must be an e-mail address' },
    ]);
  });

  it('given a name over 200 characters, when validated, then it is too long', () => {
    expect(validateApplicant(applicant({ fullName: 'A'.repeat(201) }))).toEqual([
      { field: 'applicant.full_name', description: 'must be at most 200 characters' },
    ]);
    expect(validateApplicant(applicant({ fullName: 'A'.repeat(200) }))).toEqual([]);
  });

  it.each([
    ['036090001234', true], // CCCD, 12 digits
    ['162345678', true], // CMND, 9 digits
    ['0360900012', false],
    ['03609000123A', false],
    ['0360900012345', false],
    ['', false],
  ])('given the ID number %p, when validated, then it is valid: %p', (idNumber, valid) => {
    expect(validateApplicant(applicant({ idNumber })).length === 0).toBe(valid);
  });

  it.each([
    ['0912345678', true],
    ['0912 345 678', true],
    ['091.234.5678', true],
    ['+84912345678', true],
    ['02283812345', true], // landline with area code
    ['', true], // optional
    ['912345678', false],
    ['0912-34', false],
    ['+1 555 0100', false],
  ])('given the phone %p, when validated, then it is valid: %p', (phone, valid) => {
    expect(validateApplicant(applicant({ phone })).length === 0).toBe(valid);
  });

  it('given a custom field prefix, when validated, then the fields carry it', () => {
    expect(validateApplicant(applicant({ address: ' ' }), 'dossier.applicant')).toEqual([
      { field: 'dossier.applicant.address', description: 'is required' },
    ]);
  });
});

describe('documents', () => {
  const known = new Set(['GIAYDK', 'CCCD']);

  it('given known components in a form and count, when validated, then there is no violation', () => {
    expect(validateDocuments([doc('GIAYDK', F.DOCUMENT_FORM_ORIGINAL), doc('CCCD', F.DOCUMENT_FORM_COPY, 100)], known)).toEqual([]);
  });

  it('given bad lines, when validated, then each line and field is named', () => {
    expect(
      validateDocuments(
        [
          doc('', F.DOCUMENT_FORM_ORIGINAL),
          doc('SOHOKHAU', F.DOCUMENT_FORM_UNSPECIFIED, 0),
          doc('CCCD', F.DOCUMENT_FORM_COPY, 1.5),
          doc('CCCD', F.DOCUMENT_FORM_COPY, 101),
        ],
        known,
      ),
    ).toEqual([
      { field: 'documents[0].component_code', description: 'is required' },
      { field: 'documents[1].component_code', description: '"SOHOKHAU" is not a component of this procedure' },
      { field: 'documents[1].form', description: 'must be ORIGINAL, COPY or CERTIFIED_COPY' },
      { field: 'documents[1].count', description: 'must be between 1 and 100' },
      { field: 'documents[2].count', description: 'must be between 1 and 100' },
      { field: 'documents[3].count', description: 'must be between 1 and 100' },
    ]);
  });

  it('given no known component list (unknown procedure), when validated, then codes are not checked against it', () => {
    expect(validateDocuments([doc('SOHOKHAU', F.DOCUMENT_FORM_COPY)], undefined)).toEqual([]);
  });

  it('given an empty list, when validated, then it is not a violation here (completeness is the reception check)', () => {
    expect(validateDocuments([], known)).toEqual([]);
  });

  it('given a custom field, when validated, then the fields carry it', () => {
    expect(validateDocuments([doc('X', F.DOCUMENT_FORM_COPY)], known, 'supplement')).toEqual([
      { field: 'supplement[0].component_code', description: '"X" is not a component of this procedure' },
    ]);
  });
});

describe('request ids (idempotency keys)', () => {
  it.each(['a', 'req-1', 'desk01:2026-03-04.0001_b', '3f2c1a9e-4b7d-4c1e-9a53-2f8e6d0b7c11', 'x'.repeat(128)])(
    'given %p, when validated, then it is accepted',
    (id) => {
      expect(validateRequestId(id)).toEqual([]);
    },
  );

  it('given no request id, when validated, then it is required and says why', () => {
    expect(validateRequestId('')).toEqual([
      { field: 'request_id', description: 'is required (a client-chosen id that makes retries safe)' },
    ]);
  });

  it.each(['x'.repeat(129), 'has space', 'slash/1', 'ý', 'a\nb'])('given %p, when validated, then it is refused', (id) => {
    expect(validateRequestId(id)).toEqual([{ field: 'request_id', description: 'must be 1-128 letters, digits, or . _ : -' }]);
  });

  it("given an id in the platform's own namespace (postal hand-over, consumed events), when a client sends it, then it is refused", () => {
    expect(validateRequestId(`${DERIVED_REQUEST_ID_PREFIX}postal-pickup:p-1`)).toEqual([
      { field: 'request_id', description: expect.stringContaining('reserved') },
    ]);
  });
});

describe('satisfaction scores', () => {
  it('given distinct criteria scored 1 to 5, when validated, then there is no violation', () => {
    expect(
      validateScores([
        { criterion: 'timeliness', score: 1 },
        { criterion: 'courtesy', score: 5 },
      ]),
    ).toEqual([]);
  });

  it('given no scores, when validated, then at least one is required', () => {
    expect(validateScores([])).toEqual([{ field: 'scores', description: 'at least one criterion score is required' }]);
  });

  it('given bad scores, when validated, then each line and field is named', () => {
    expect(
      validateScores([
        { criterion: 'timeliness', score: 0 },
        { criterion: ' ', score: 3 },
        { criterion: 'timeliness', score: 6 },
        { criterion: 'courtesy', score: 2.5 },
      ]),
    ).toEqual([
      { field: 'scores[0].score', description: 'must be an integer from 1 to 5' },
      { field: 'scores[1].criterion', description: 'is required' },
      { field: 'scores[2].criterion', description: '"timeliness" is scored twice' },
      { field: 'scores[2].score', description: 'must be an integer from 1 to 5' },
      { field: 'scores[3].score', description: 'must be an integer from 1 to 5' },
    ]);
  });
});

describe('no pattern runs over an unbounded value (ReDoS, issue 15 §4)', () => {
  /** Lengths of every string any regular expression runs over while `work` runs. */
  function patternInputLengths(work: () => void): number[] {
    const lengths: number[] = [];
    const original = RegExp.prototype.exec;
    // every regular expression use (test, replace, match…) goes through exec once it is replaced
    RegExp.prototype.exec = function (this: RegExp, input: string) {
      lengths.push(String(input).length);
      return original.call(this, input);
    };
    try {
      work();
    } finally {
      RegExp.prototype.exec = original;
    }
    return lengths;
  }

  // the worst cases for the old e-mail pattern and for the others: long runs that almost match
  const worst = {
    email: `a@${'.'.repeat(120_000)}@`,
    emailDots: `${'a'.repeat(60_000)}@${'a.'.repeat(60_000)}`,
    phone: `0${'9'.repeat(120_000)}x`,
    idNumber: '1'.repeat(120_000),
    fullName: ' '.repeat(120_000),
    address: ' '.repeat(1_200_000),
  };

  it('checks lengths first: every pattern sees at most the capped length', () => {
    const normal = patternInputLengths(() => validateApplicant(applicant({ email: 'an@example.vn' })));
    expect(normal.length).toBeGreaterThan(0); // the spy sees the patterns that do run
    const lengths = patternInputLengths(() => validateApplicant(applicant(worst)));
    expect(Math.max(0, ...lengths)).toBeLessThanOrEqual(500);
  });

  it('still answers every field of the worst case, with the limit stated', () => {
    expect(validateApplicant(applicant(worst))).toEqual([
      { field: 'applicant.full_name', description: 'must be at most 200 characters' },
      { field: 'applicant.id_number', description: 'must be a 12-digit personal identification number or a 9-digit ID card number' },
      { field: 'applicant.address', description: 'must be at most 500 characters' },
      { field: 'applicant.phone', description: 'must be at most 32 characters' },
      { field: 'applicant.email', description: 'must be at most 254 characters' },
    ]);
  });

  it.each([
    ['an.nguyen@example.vn', true],
    ['a@b.c', true],
    ['a@b', false],
    ['a@.b', false],
    ['a@b..c', false],
    ['a @b.c', false],
    ['a@b@c.d', false],
  ])('keeps the e-mail rule: %p valid %p', (email, valid) => {
    expect(validateApplicant(applicant({ email })).length === 0).toBe(valid);
  });
});
