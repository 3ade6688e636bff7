import { parseWebhookBody } from './webhook-body';

const valid = { waybill_number: 'SIM1', order_number: 'X-KQ', status_code: 14, status_at: '2024-03-04T01:00:00Z', note: 'ok', cod_amount: 30000 };
const parse = (o: unknown) => parseWebhookBody(Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)));

describe('webhook body', () => {
  it('parses a valid callback', () => {
    expect(parse(valid)).toEqual({
      ok: true,
      report: expect.objectContaining({ waybillNumber: 'SIM1', orderNumber: 'X-KQ', statusCode: 14, statusAt: new Date('2024-03-04T01:00:00Z'), codAmountVnd: 30000 }),
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
});
