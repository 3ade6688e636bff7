import { common } from '@onestop/contracts';
import { NATIONAL_STATUS } from '../../domain/facts';

describe("reporting's names of the national status codes", () => {
  it('are the values of onestop.common.v1.NationalStatus, which translation passes through as numbers', () => {
    for (const [name, code] of Object.entries(NATIONAL_STATUS)) {
      const wire = name === 'UNKNOWN' ? 'NATIONAL_STATUS_UNSPECIFIED' : `NATIONAL_STATUS_${name}`;
      expect([name, common.NationalStatus[wire as keyof typeof common.NationalStatus]]).toEqual([name, code]);
    }
    expect(Object.keys(NATIONAL_STATUS)).toHaveLength(Object.keys(common.NationalStatus).filter((k) => Number.isNaN(Number(k))).length);
  });
});
