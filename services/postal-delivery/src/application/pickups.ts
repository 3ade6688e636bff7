// The dossier leg's commands: request a pickup, cancel it, record the postal worker's collection
// and the hand-over at the desk. Provider work (order, cancellation) and the submission to intake
// follow from the recorded events (work/reactions.ts), so nothing here waits on the provider.
import { postal, type common, type postalEvents } from '@onestop/contracts';
import { InvalidArgumentError, PermissionDeniedError } from '@onestop/grpc-kit';
import {
  decideCancelPickup,
  decideRecordCollection,
  decideRecordHandover,
  decideRequestPickup,
  validatePickupRequest,
  type PickupRequest,
} from '../domain/pickup';
import { assertActsForUnit, requireRequestId } from './access';
import { runCommand } from './command-runner';
import { pickupIdFor } from './ids';
import type { Clock, CommandMeta, DeskGateway, ShipmentStreams } from './ports';
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
    requireRequestId(meta.requestId);
    const request: PickupRequest = { ...input, unitCode: input.unitCode || meta.actor.unitCode, shipmentId: pickupIdFor(meta.requestId) };
    const violations = validatePickupRequest(request);
    if (violations.length) throw new InvalidArgumentError(violations);
    assertActsForUnit(meta.actor, request.unitCode);
    const procedure = await this.desk.getProcedure(request.procedureCode);
    if (!procedure) throw new InvalidArgumentError([{ field: 'procedure_code', description: `${request.procedureCode} is not in the procedure catalogue` }]);
    return runCommand<postal.RequestPickupResponse>(this.streams, meta, {
      command: 'RequestPickup',
      shipmentId: request.shipmentId,
      decide: ({ shipment }) => decideRequestPickup(shipment, request, procedure, this.clock()),
      respond: (s) => ({ shipment: message(s) }),
      encode: (r) => postal.RequestPickupResponse.toJSON(r),
      decode: (j) => postal.RequestPickupResponse.fromJSON(j),
    });
  }

  async cancelPickup(shipmentId: string, reason: string, meta: CommandMeta): Promise<postal.CancelPickupResponse> {
    requireRequestId(meta.requestId);
    return runCommand<postal.CancelPickupResponse>(this.streams, meta, {
      command: 'CancelPickup',
      shipmentId: required('shipment_id', shipmentId),
      decide: ({ shipment }) => {
        if (shipment) assertActsForUnit(meta.actor, shipment.unitCode);
        return decideCancelPickup(shipment, shipmentId, reason, meta.actor.officerId, this.clock());
      },
      respond: (s) => ({ shipment: message(s) }),
      encode: (r) => postal.CancelPickupResponse.toJSON(r),
      decode: (j) => postal.CancelPickupResponse.fromJSON(j),
    });
  }

  async recordCollection(input: RecordCollectionInput, meta: CommandMeta): Promise<postal.RecordCollectionResponse> {
    requireRequestId(meta.requestId);
    const now = this.clock();
    const record = { ...input, collectedBy: input.collectedBy || meta.actor.officerId, collectedAt: input.collectedAt ?? now };
    return runCommand<postal.RecordCollectionResponse>(this.streams, meta, {
      command: 'RecordCollection',
      shipmentId: required('shipment_id', input.shipmentId),
      decide: ({ shipment }) => decideRecordCollection(shipment, record, now),
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
    requireRequestId(meta.requestId);
    const now = this.clock();
    const record = { ...input, receivedBy: meta.actor.officerId, handedOverAt: input.handedOverAt ?? now };
    return runCommand<postal.RecordHandoverResponse>(this.streams, meta, {
      command: 'RecordHandover',
      shipmentId: required('shipment_id', input.shipmentId),
      decide: ({ shipment }) => {
        if (shipment && meta.actor.unitCode !== shipment.unitCode) {
          throw new PermissionDeniedError(`the dossier goes to the desk of unit ${shipment.unitCode}; officer ${meta.actor.officerId} is of unit ${meta.actor.unitCode}`);
        }
        return decideRecordHandover(shipment, record, now);
      },
      respond: (s) => ({ shipment: message(s) }),
      encode: (r) => postal.RecordHandoverResponse.toJSON(r),
      decode: (j) => postal.RecordHandoverResponse.fromJSON(j),
    });
  }
}

/** A shipment id as the API takes it: required, an id (no spaces), not a sentence. */
export function required(field: string, value: string): string {
  if (!value || !value.trim()) throw new InvalidArgumentError([{ field, description: 'is required' }]);
  if (!/^[\w.:-]{1,200}$/.test(value)) throw new InvalidArgumentError([{ field, description: 'is not a shipment id' }]);
  return value;
}
