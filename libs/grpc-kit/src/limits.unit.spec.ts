import {
  anyInstantWindow,
  checkEnum,
  checkId,
  checkInstant,
  checkText,
  checkWholeNumber,
  isBlank,
  isEmailAddress,
  pastInstantWindow,
  quote,
} from './limits';
import { boundedViolations, InvalidArgumentError, MAX_VIOLATIONS } from './errors';

const now = new Date('2026-06-01T03:00:00Z');

describe('bounded text', () => {
  it('refuses text over the limit, stating the limit, without quoting it', () => {
    const huge = 'x'.repeat(1_200_000);
    const { violations } = checkText(huge, 'applicant.address', { max: 500 });
    expect(violations).toEqual([{ field: 'applicant.address', description: 'is 1200000 characters; at most 500 are accepted' }]);
    expect(JSON.stringify(violations).length).toBeLessThan(200);
  });

  it('normalises to NFC (a decomposed "ễ" becomes one character)', () => {
    const decomposed = 'Nguye\u0302\u0303n';
    const { value, violations } = checkText(decomposed, 'full_name', { max: 200 });
    expect(violations).toEqual([]);
    expect(value).toBe('Nguyễn'.normalize('NFC'));
    expect(value.length).toBeLessThan(decomposed.length);
  });

  it('refuses NUL and other control characters, and line breaks outside free text', () => {
    expect(checkText('Nguyễn\u0000An', 'full_name', { max: 200 }).violations[0]).toMatchObject({
      field: 'full_name',
      description: expect.stringContaining('control'),
    });
    expect(checkText('a\nb', 'full_name', { max: 200 }).violations).toHaveLength(1);
    expect(checkText('line one\nline two\ttab', 'reason', { max: 200, multiline: true }).violations).toEqual([]);
    expect(checkText('bell\u0007', 'reason', { max: 200, multiline: true }).violations).toHaveLength(1);
  });

  it('refuses values that are blank after trimming, zero-width spaces included', () => {
    expect(isBlank('\u200b\u200b\u200b')).toBe(true);
    expect(isBlank(' \ufeff\u00a0\u2060 ')).toBe(true);
    expect(isBlank(' a ')).toBe(false);
    expect(checkText('\u200b\u200b', 'applicant.address', { max: 500 }).violations).toEqual([
      { field: 'applicant.address', description: 'must not be blank (only spaces or invisible characters)' },
    ]);
    // empty means "not given": the use case decides whether the field is required
    expect(checkText('', 'applicant.address', { max: 500 }).violations).toEqual([]);
  });

  it('quotes at most a short prefix of what was sent', () => {
    const q = quote('A'.repeat(1_000_000));
    expect(q.length).toBeLessThan(80);
    expect(q).toContain('1000000 characters');
    expect(quote('abc')).toBe('"abc"');
  });
});

describe('ids, enums, numbers, instants', () => {
  it('accepts ids of letters, digits and . _ : - up to 128 and names what is wrong', () => {
    expect(checkId('3f2a-uuid_like:1.2', 'dossier_id')).toEqual([]);
    expect(checkId('a b', 'dossier_id')[0]).toMatchObject({ field: 'dossier_id', description: expect.stringContaining('"a b"') });
    expect(checkId('x'.repeat(300), 'dossier_id')).toEqual([
      { field: 'dossier_id', description: 'is 300 characters; an id has at most 128' },
    ]);
  });

  it('refuses enum values outside the declared ones', () => {
    expect(checkEnum(2, 'channel', [0, 1, 2, 3])).toEqual([]);
    expect(checkEnum(99, 'result_delivery', [0, 1, 2, 3], ['A', 'B'])).toEqual([
      { field: 'result_delivery', description: '99 is not a known value (one of A, B)' },
    ]);
    expect(checkEnum(-1, 'channel', [0, 1, 2, 3])).toHaveLength(1);
  });

  it('refuses numbers the platform cannot hold exactly or beyond bounds', () => {
    expect(checkWholeNumber(2 ** 63, 'amount_vnd')).toHaveLength(1);
    expect(checkWholeNumber(-5, 'amount_vnd', { min: 0 })).toHaveLength(1);
    expect(checkWholeNumber(150_000, 'amount_vnd', { min: 0 })).toEqual([]);
  });

  it('keeps instants inside a window: 2000 … now + 5 years; what happened: … now + 5 minutes', () => {
    const any = anyInstantWindow(now);
    expect(checkInstant(new Date('2026-07-01T00:00:00Z'), 'new_due_at', any)).toEqual([]);
    expect(checkInstant(new Date('10000-01-01T00:00:00Z'), 'new_due_at', any)[0]).toMatchObject({ field: 'new_due_at' });
    expect(checkInstant(new Date('1900-01-01T00:00:00Z'), 'handed_over_at', any)).toHaveLength(1);
    expect(checkInstant(new Date(1e13 * 1000), 'as_of', any)).toHaveLength(1);
    expect(checkInstant(new Date(Number.NaN), 'as_of', any)).toEqual([{ field: 'as_of', description: 'is not a valid time' }]);
    const past = pastInstantWindow(now);
    expect(checkInstant(new Date(now.getTime() + 60_000), 'status_at', past)).toEqual([]);
    expect(checkInstant(new Date(now.getTime() + 3600_000), 'status_at', past)).toHaveLength(1);
  });
});

describe('e-mail check (linear, no pattern over the input)', () => {
  it('agrees with the usual shape', () => {
    expect(isEmailAddress('an.nguyen@example.vn')).toBe(true);
    expect(isEmailAddress('a@b.c.')).toBe(true);
    for (const bad of ['', 'no-at.vn', 'a@b', '@b.vn', 'a@.vn', 'a@b.', 'a b@c.vn', 'a@b@c.vn', `${'a'.repeat(250)}@b.vn`])
      expect(isEmailAddress(bad)).toBe(false);
  });
});

describe('error answers stay small', () => {
  it('lists at most MAX_VIOLATIONS violations and counts the rest', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({
      field: `documents[${i}].form`,
      description: 'must be ORIGINAL, COPY or CERTIFIED_COPY',
    }));
    const err = new InvalidArgumentError(many);
    expect(err.violations).toHaveLength(MAX_VIOLATIONS + 1);
    expect(err.violations[MAX_VIOLATIONS]).toEqual({
      field: '(request)',
      description: `${100_000 - MAX_VIOLATIONS} more problems not listed`,
    });
    expect(err.message.length).toBeLessThan(5000);
  });

  it('clips a description that quotes a huge value', () => {
    expect(boundedViolations([{ field: 'x', description: 'y'.repeat(1_000_000) }])[0].description.length).toBeLessThan(400);
  });
});
