// The postal public service (BCCI) as the modern mode plays it: the citizen asks for a pickup
// through the portal, postal-delivery orders it from the provider (the simulator), the postman's
// statuses arrive as signed callbacks, the postman records what was collected, the desk records
// the hand-over and postal-delivery submits the dossier to intake with channel POSTAL. A result to
// be sent by post goes out the same way: postal-delivery orders the shipment when the result is
// issued, the provider reports it delivered, intake records the result returned. The provider's
// statuses carry the simulated time (status_at), so the platform sees them in 2020.
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const { postal, postalEvents, common } = require(path.join(root, 'libs/contracts/dist'));
const { grpcClient, call } = require(path.join(root, 'libs/grpc-kit/dist'));

const State = postalEvents.ShipmentState;
const PICKUP_WALK_BEFORE_COLLECTION = [2, 4];
const PICKUP_WALK_AFTER_COLLECTION = [6, 7, 10, 12, 14];
const RESULT_WALK = [2, 4, 6, 7, 10, 11, 12, 14];

class PostalDesk {
  /** `now()`: the simulated instant (what the services read); `persist`: the officers' retrying call. */
  constructor({ address, simulatorUrl, now, persist }) {
    this.mail = grpcClient(postal.PostalServiceClient, address);
    this.simulatorUrl = simulatorUrl;
    this.now = now;
    this.persist = persist;
    this.stats = { pickups: 0, results: 0, pickupMs: 0, resultMs: 0 };
  }

  async sim(pathName, body) {
    const res = await fetch(`${this.simulatorUrl}/_admin${pathName}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`simulator ${pathName}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** The provider reports `codes` one after the other, each a second of simulated time apart. */
  async walk(waybill, codes) {
    let t = this.now().getTime();
    for (const code of codes) {
      t += 1000;
      await this.sim(`/orders/${waybill}/advance`, { status_code: code, status_at: new Date(t).toISOString() });
    }
  }

  /** Waits (repeating the read) until `pick(shipments)` gives a value. */
  async until(what, key, token, pick) {
    return this.persist(what, async () => {
      const { shipments } = await call(this.mail.getShipment.bind(this.mail), { key }, { token });
      const v = pick(shipments);
      if (v === undefined) throw Object.assign(new Error(`${what}: not yet`), { code: 9 /* FAILED_PRECONDITION */ });
      return v;
    });
  }

  /** The dossier leg, from the pickup request to the desk's receipt; returns { dossierId, dossierCode }. */
  async pickUp({ rid, d, applicant, documents, tokens }) {
    const t0 = Date.now();
    const p = d.procedure;
    const requested = await this.persist(`pickup of dossier ${d.n}`, () =>
      call(
        this.mail.requestPickup.bind(this.mail),
        {
          requestId: `${rid}-pickup`,
          unitCode: d.unitCode,
          procedureCode: p.code,
          applicant,
          pickupFrom: undefined,
          resultDelivery: d.resultByPost ? common.ResultDelivery.RESULT_DELIVERY_POST : common.ResultDelivery.RESULT_DELIVERY_COUNTER,
          note: '',
        },
        { token: tokens.portal },
      ),
    );
    const shipmentId = requested.shipment.shipmentId;
    const byId = { $case: 'shipmentId', shipmentId };
    const ordered = await this.until(`the pickup order of dossier ${d.n}`, byId, tokens.desk, (l) =>
      l[0] && l[0].waybillNumber ? l[0] : undefined,
    );
    await this.walk(ordered.waybillNumber, PICKUP_WALK_BEFORE_COLLECTION);
    const fees = p.fees.filter((f) => f.collectedAt === 'receipt').reduce((s, f) => s + f.amountVnd, 0);
    const receipt = fees > 0 ? `BL-2020-${String(d.n + 1).padStart(6, '0')}` : '';
    const tally = await this.persist(`collection of dossier ${d.n}`, () =>
      call(
        this.mail.recordCollection.bind(this.mail),
        postal.RecordCollectionRequest.fromPartial({
          requestId: `${rid}-collect`,
          shipmentId,
          documents,
          sealed: true,
          feesCollectedVnd: fees,
          feeReceiptNumber: receipt,
        }),
        { token: tokens.postman },
      ),
    );
    await this.walk(ordered.waybillNumber, PICKUP_WALK_AFTER_COLLECTION);
    await this.until(`dossier ${d.n} delivered to the desk`, byId, tokens.desk, (l) =>
      l[0] && l[0].state === State.SHIPMENT_STATE_DELIVERED ? true : undefined,
    );
    await this.persist(`hand-over of dossier ${d.n}`, () =>
      call(
        this.mail.recordHandover.bind(this.mail),
        postal.RecordHandoverRequest.fromPartial({
          requestId: `${rid}-handover`,
          shipmentId,
          handedBy: 'bd-demo',
          documents: tally.shipment.collection.documents,
          feesHandedOverVnd: fees,
          feeReceiptNumber: receipt,
        }),
        { token: tokens.desk },
      ),
    );
    const submitted = await this.until(`intake's receipt of dossier ${d.n}`, byId, tokens.desk, (l) =>
      l[0] && l[0].deskAcknowledged ? l[0] : undefined,
    );
    if (submitted.deskOutcome !== postalEvents.DeskOutcome.DESK_OUTCOME_RECEIVED)
      throw new Error(`dossier ${d.n} (${p.code}) came by post but the desk did not receive it (outcome ${submitted.deskOutcome})`);
    this.stats.pickups++;
    this.stats.pickupMs += Date.now() - t0;
    return { dossierId: submitted.dossierId, dossierCode: submitted.dossierCode };
  }

  /** The result leg: the shipment postal-delivery ordered when the result was issued, walked to delivered. */
  async deliverResult({ d, dossierCode, tokens }) {
    const t0 = Date.now();
    const shipment = await this.until(`the result shipment of dossier ${d.n}`, { $case: 'dossierCode', dossierCode }, tokens.desk, (l) =>
      l.find((s) => s.leg === postalEvents.Leg.LEG_RESULT && s.waybillNumber),
    );
    await this.walk(shipment.waybillNumber, RESULT_WALK);
    this.stats.results++;
    this.stats.resultMs += Date.now() - t0;
  }

  close() {
    this.mail.close();
  }
}

module.exports = { PostalDesk };
