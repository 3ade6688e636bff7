import { parseWebhookBody } from './webhook-body';

const valid = {
  waybill_number: 'SIM1',
  order_number: 'X-KQ',
  status_code: 14,
  status_at: '2024-03-04T01:00:00Z',
  note: 'ok',
  cod_amount: 30000,
};
const parse = (o: unknown) => parseWebhookBody(Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)));

describe('webhook body', () => {
  it('parses a valid callback', () => {
    expect(parse(valid)).toEqual({
      ok: true,
      report: expect.objectContaining({
        waybillNumber: 'SIM1',
        orderNumber: 'X-KQ',
        statusCode: 14,
        statusAt: new Date('2024-03-04T01:00:00Z'),
        codAmountVnd: 30000,
      }),
    });
    expect(parse({ ...valid, note: undefined, cod_amount: undefined })).toMatchObject({ ok: true, report: { note: '', codAmountVnd: 0 } });
  });

  it.each([
    ['not json', '(body)'],
    [[1, 2], '(body)'],
    [{ ...valid, waybill_number: '' }, 'waybill_number'],
    [{ ...valid, order_number: 7 }, 'order_number'],
    [{ ...valid, status_code: '14' }, 'status_code'],
    [{ ...valid, status_code: 17 }, 'status_code'],
    [{ ...valid, status_at: 'yesterday' }, 'status_at'],
    [{ ...valid, note: 5 }, 'note'],
    [{ ...valid, cod_amount: -1 }, 'cod_amount'],
  ])('names the problem: %j -> %s', (body, field) => {
    expect(parse(body)).toMatchObject({ ok: false, field });
  });

  it('issue 15 §6: refuses a status_at outside 2000 … now + 5 minutes', () => {
    const now = new Date('2024-03-04T02:00:00Z');
    const at = (status_at: string) => parseWebhookBody(Buffer.from(JSON.stringify({ ...valid, status_at })), now);
    expect(at('2024-03-04T01:00:00Z')).toMatchObject({ ok: true });
    expect(at('2024-03-04T02:04:00Z')).toMatchObject({ ok: true }); // a provider clock a little ahead
    expect(at('9999-12-31T00:00:00Z')).toMatchObject({ ok: false, field: 'status_at', problem: expect.stringContaining('between') });
    expect(at('1900-01-01T00:00:00Z')).toMatchObject({ ok: false, field: 'status_at' });
  });

  it("bounds and cleans the provider's text fields", () => {
    expect(parse({ ...valid, note: 'x'.repeat(5000) })).toMatchObject({
      ok: false,
      field: 'note',
      problem: 'is 5000 characters; at most 4000 are accepted',
    });
    expect(parse({ ...valid, waybill_number: 'SIM 1' })).toMatchObject({ ok: false, field: 'waybill_number' });
    expect(parse({ ...valid, note: 'a\u0000b' })).toMatchObject({ ok: false, field: 'note' });
  });
});
