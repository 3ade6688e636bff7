// The dossier leg's commands: request a pickup, cancel it, record the postal worker's collection
// and the hand-over at the desk. Provider work (order, cancellation) and the submission to intake
// follow from the recorded events (work/reactions.ts), so nothing here waits on the provider.
import { invalidField, refuse, refuseIfInvalid } from '@onestop/commands';
import { postal, type common, type postalEvents } from '@onestop/contracts';
import { validatePickupRequest, type PickupRequest } from '../domain/pickup';
import { actsForUnit, assertActsForUnit } from './access';
import { pickupIdFor } from './ids';
import type { Clock, CommandMeta, DeskGateway, ShipmentStreams } from './ports';
import { isDeskOfShipment, mayActOnShipment, runClientCommand } from './shipment-command';
import { shipmentMessage } from './shipment-message';

export interface RequestPickupInput {
  unitCode: string;
  procedureCode: string;
  applicant: common.Applicant | undefined;
  pickupFrom: postalEvents.Party | undefined;
  resultDelivery: common.ResultDelivery;
  note: string;
}

export interface RecordCollectionInput {
  shipmentId: string;
  documents: common.SubmittedDocument[];
  sealed: boolean;
  feesCollectedVnd: number;
  feeReceiptNumber: string;
  collectedBy: string;
  collectedAt: Date | undefined;
}

export interface RecordHandoverInput {
  shipmentId: string;
  handedBy: string;
  documents: common.SubmittedDocument[];
  feesHandedOverVnd: number;
  feeReceiptNumber: string;
  handedOverAt: Date | undefined;
}

const message = (s: Parameters<typeof shipmentMessage>[0]) => shipmentMessage(s, [], false);

export class Pickups {
  constructor(
    private readonly streams: ShipmentStreams,
    private readonly desk: DeskGateway,
    private readonly clock: Clock,
  ) {}

  async requestPickup(input: RequestPickupInput, meta: CommandMeta): Promise<postal.RequestPickupResponse> {
    const request: PickupRequest = { ...input, unitCode: input.unitCode || meta.actor.unitCode, shipmentId: pickupIdFor(meta.requestId) };
    refuseIfInvalid(validatePickupRequest(request));
    assertActsForUnit(meta.actor, request.unitCode);
    const procedure = await this.desk.getProcedure(request.procedureCode);
    if (!procedure) refuse(invalidField('procedure_code', `${request.procedureCode} is not in the procedure catalogue`));
    return runClientCommand<postal.RequestPickupResponse>(this.streams, this.clock, meta, {
      // The pickup's id is derived from the request id: a retry names the same pickup.
      shipmentId: request.shipmentId,
      command: { type: 'RequestPickup', request, procedure },
      authorize: ({ state }, m) => actsForUnit(m.actor, state?.unitCode ?? request.unitCode),
      respond: (s) => ({ shipment: message(s) }),
      encode: (r) => postal.RequestPickupResponse.toJSON(r),
      decode: (j) => postal.RequestPickupResponse.fromJSON(j),
    });
  }

  async cancelPickup(shipmentId: string, reason: string, meta: CommandMeta): Promise<postal.CancelPickupResponse> {
    return runClientCommand<postal.CancelPickupResponse>(this.streams, this.clock, meta, {
      shipmentId: required('shipment_id', shipmentId),
      command: { type: 'CancelPickup', shipmentId, reason, requestedBy: meta.actor.officerId },
      authorize: mayActOnShipment,
      respond: (s) => ({ shipment: message(s) }),
      encode: (r) => postal.CancelPickupResponse.toJSON(r),
      decode: (j) => postal.CancelPickupResponse.fromJSON(j),
    });
  }

  async recordCollection(input: RecordCollectionInput, meta: CommandMeta): Promise<postal.RecordCollectionResponse> {
    const record = { ...input, collectedBy: input.collectedBy || meta.actor.officerId, collectedAt: input.collectedAt ?? this.clock() };
    return runClientCommand<postal.RecordCollectionResponse>(this.streams, this.clock, meta, {
      shipmentId: required('shipment_id', input.shipmentId),
      command: { type: 'RecordCollection', record },
      authorize: mayActOnShipment,
      respond: (s) => {
        const missing = new Set(s.collection?.missingComponentCodes);
        return {
          shipment: message(s),
          missing: s.requiredDocuments.filter((c) => missing.has(c.componentCode)),
          unexpectedComponentCodes: s.collection?.unexpectedComponentCodes ?? [],
        };
      },
      encode: (r) => postal.RecordCollectionResponse.toJSON(r),
      decode: (j) => postal.RecordCollectionResponse.fromJSON(j),
    });
  }

  /** The desk officer calling is the one who receives the dossier. */
  async recordHandover(input: RecordHandoverInput, meta: CommandMeta): Promise<postal.RecordHandoverResponse> {
    const record = { ...input, receivedBy: meta.actor.officerId, handedOverAt: input.handedOverAt ?? this.clock() };
    return runClientCommand<postal.RecordHandoverResponse>(this.streams, this.clock, meta, {
      shipmentId: required('shipment_id', input.shipmentId),
      command: { type: 'RecordHandover', record },
      authorize: isDeskOfShipment,
      respond: (s) => ({ shipment: message(s) }),
      encode: (r) => postal.RecordHandoverResponse.toJSON(r),
      decode: (j) => postal.RecordHandoverResponse.fromJSON(j),
    });
  }
}

/** A shipment id as the API takes it: required, an id (no spaces), not a sentence. */
export function required(field: string, value: string): string {
  if (!value || !value.trim()) refuse(invalidField(field, 'is required'));
  if (!/^[\w.:-]{1,200}$/.test(value)) refuse(invalidField(field, 'is not a shipment id'));
  return value;
}
