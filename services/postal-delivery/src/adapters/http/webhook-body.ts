// The provider's callback body: {waybill_number, order_number, status_code, status_at, note,
// cod_amount?}. Parsed strictly; a problem names the field.
import { postalEvents } from '@onestop/contracts';
import type { ProviderReport } from '../../domain/provider-report';
import { isKnownStatusCode } from '../../domain/provider-status';

export type ParsedBody = { ok: true; report: ProviderReport } | { ok: false; field: string; problem: string };

const bad = (field: string, problem: string): ParsedBody => ({ ok: false, field, problem });

export function parseWebhookBody(raw: Buffer): ParsedBody {
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
  if (typeof b.status_at !== 'string' || Number.isNaN(Date.parse(b.status_at))) return bad('status_at', 'must be an ISO 8601 time');
  if (b.note !== undefined && typeof b.note !== 'string') return bad('note', 'must be a string');
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
