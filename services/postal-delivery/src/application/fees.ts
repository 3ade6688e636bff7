// The provider's fee for a shipment, asked now (a query: nothing is recorded).
import { postalEvents } from '@onestop/contracts';
import { type Violation as FieldViolation, invalid, precondition, refuse } from '@onestop/commands';
import { ProviderRefusedError } from './errors';
import type { PostalProvider } from './ports';

export interface FeeQuestion {
  leg: postalEvents.Leg;
  fromAddress: string;
  toAddress: string;
  codAmountVnd: number;
}

export async function quoteFee(provider: PostalProvider, q: FeeQuestion): Promise<number> {
  const v: FieldViolation[] = [];
  if (q.leg !== postalEvents.Leg.LEG_DOSSIER && q.leg !== postalEvents.Leg.LEG_RESULT)
    v.push({ field: 'leg', description: 'must be DOSSIER or RESULT' });
  if (!q.fromAddress.trim()) v.push({ field: 'from_address', description: 'is required' });
  if (!q.toAddress.trim()) v.push({ field: 'to_address', description: 'is required' });
  if (!Number.isSafeInteger(q.codAmountVnd) || q.codAmountVnd < 0) v.push({ field: 'cod_amount_vnd', description: 'must not be negative' });
  if (v.length) refuse(invalid(v));
  try {
    const service = q.leg === postalEvents.Leg.LEG_DOSSIER ? 'pickup' : 'delivery';
    return await provider.quoteFee({ service, fromAddress: q.fromAddress, toAddress: q.toAddress, codAmountVnd: q.codAmountVnd });
  } catch (err) {
    if (err instanceof ProviderRefusedError) refuse(precondition(err.message));
    throw err;
  }
}
