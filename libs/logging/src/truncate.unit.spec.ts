import { Writable } from 'node:stream';
import { createLogger, MAX_LOG_FIELD_CHARS, truncateFields } from './index';

describe('log lines stay short whatever a client sent (issue 15 §9)', () => {
  it('cuts long strings, noting the original length, and shortens long lists', () => {
    const out = truncateFields({
      code: 'X'.repeat(1_000_000),
      list: Array.from({ length: 1000 }, (_, i) => i),
      nested: { reason: 'y'.repeat(5000) },
    }) as Record<string, unknown>;
    expect(out.code).toBe(`${'X'.repeat(MAX_LOG_FIELD_CHARS)}…(1000000 chars)`);
    expect((out.list as unknown[]).length).toBe(51);
    expect((out.nested as Record<string, string>).reason.length).toBeLessThan(MAX_LOG_FIELD_CHARS + 20);
  });

  it('a 1 MB field makes a line of about a kilobyte in a real logger', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _e, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    createLogger('t', 'info', sink).info({ reason: 'z'.repeat(1_000_000) }, 'request rejected');
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThan(2000);
  });
});

describe('personal data on log lines (issue 15, PII)', () => {
  it('replaces names, ID numbers, phones, addresses and e-mail with [redacted], at any depth', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _e, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const applicant = {
      fullName: 'Lương Thị Quỳnhmai',
      idNumber: '036188077123',
      phone: '0978123456',
      address: 'xóm Quỳnhlâm',
      email: 'q@x.vn',
    };
    const logger = createLogger('t', 'info', sink);
    logger.info({ applicant, dossierId: 'd-1' }, 'received');
    logger.info({ request: { applicant, pickup_from: { name: 'A', address: 'B' } } }, 'nested');
    logger.info({ deep: { a: { b: { c: { id_number: '036188077123', recipient_name: 'Lương Văn Nhậnhộ' } } } } }, 'deeper than paths');
    const text = lines.join('');
    for (const value of [...Object.values(applicant), 'Lương Văn Nhậnhộ']) expect(text).not.toContain(value);
    expect(text).toContain('[redacted]');
    expect(text).toContain('d-1'); // ids and codes stay
  });

  it("redacts them in a child logger's bindings too, at any depth", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _e, done) => {
        lines.push(String(chunk));
        done();
      },
    });
    const child = createLogger('t', 'info', sink).child({
      dossierId: 'd-2',
      phone: '0978123456',
      request: { applicant: { fullName: 'Lương Thị Quỳnhmai' } },
    });
    child.info({ step: 1 }, 'bound');
    const text = lines.join('');
    expect(text).not.toContain('0978123456');
    expect(text).not.toContain('Quỳnhmai');
    expect(text).toContain('d-2');
    expect(JSON.parse(lines[0])).toMatchObject({ service: 't', phone: '[redacted]', dossierId: 'd-2', step: 1 });
  });
});
