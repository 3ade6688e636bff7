// The provider's callback body: {waybill_number, order_number, status_code, status_at, note,
// cod_amount?}. Parsed strictly; a problem names the field.
import { postalEvents } from '@onestop/contracts';
import { checkInstant, checkText, pastInstantWindow } from '@onestop/grpc-kit';
import type { ProviderReport } from '../../domain/provider-report';
import { isKnownStatusCode } from '../../domain/provider-status';

export type ParsedBody = { ok: true; report: ProviderReport } | { ok: false; field: string; problem: string };

const bad = (field: string, problem: string): ParsedBody => ({ ok: false, field, problem });

/**
 * Parses a callback. With `now`, status_at must lie between 2000 and now plus the clock tolerance
 * (a date far ahead would be applied and then block the shipment's next real status).
 */
export function parseWebhookBody(raw: Buffer, now?: Date): ParsedBody {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return bad('(body)', 'is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad('(body)', 'must be a JSON object');
  const b = body as Record<string, unknown>;
  if (typeof b.waybill_number !== 'string' || !b.waybill_number.trim()) return bad('waybill_number', 'must be a non-empty string');
  if (typeof b.order_number !== 'string' || !b.order_number.trim()) return bad('order_number', 'must be a non-empty string');
  if (!Number.isInteger(b.status_code)) return bad('status_code', 'must be an integer');
  if (!isKnownStatusCode(b.status_code as number)) return bad('status_code', `${String(b.status_code)} is not a provider status code`);
  for (const field of ['waybill_number', 'order_number'] as const) {
    const v = checkText(b[field] as string, field, { max: 64, pattern: { re: /^\S+$/, description: 'must not contain spaces' } })
      .violations[0];
    if (v) return bad(field, v.description);
  }
  if (typeof b.status_at !== 'string' || b.status_at.length > 64 || Number.isNaN(Date.parse(b.status_at)))
    return bad('status_at', 'must be an ISO 8601 time');
  if (now) {
    const v = checkInstant(new Date(b.status_at), 'status_at', pastInstantWindow(now))[0];
    if (v) return bad('status_at', v.description);
  }
  if (b.note !== undefined && typeof b.note !== 'string') return bad('note', 'must be a string');
  if (typeof b.note === 'string') {
    const v = checkText(b.note, 'note', { max: 4000, multiline: true }).violations[0];
    if (v) return bad('note', v.description);
  }
  if (b.cod_amount !== undefined && (!Number.isSafeInteger(b.cod_amount) || (b.cod_amount as number) < 0)) {
    return bad('cod_amount', 'must be a whole number of đồng, not negative');
  }
  return {
    ok: true,
    report: {
      waybillNumber: b.waybill_number,
      orderNumber: b.order_number,
      statusCode: b.status_code as number,
      statusAt: new Date(b.status_at),
      note: b.note ?? '',
      codAmountVnd: (b.cod_amount as number | undefined) ?? 0,
      source: postalEvents.StatusSource.STATUS_SOURCE_WEBHOOK,
    },
  };
}
