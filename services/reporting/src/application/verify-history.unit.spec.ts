// verifyHistory's rules over in-memory stores and topics (the ports; the adapters have their own
// integration tests): an event unpublished past the grace fails the check without voiding the
// digest, and auditStores gives the digest verify prints.
import { computeEventHash } from '@onestop/eventstore';
import { auditStores, historyDigest, verifyHistory, type AuditedEvent, type StoreAudit, type TopicAudit } from './verify-history';

function chain(streamId: string, times: string[]): AuditedEvent[] {
  let prevHash = '';
  return times.map((t, i) => {
    const e = {
      id: `${streamId}-${i + 1}`,
      streamId,
      version: i + 1,
      type: 'onestop.intake.v1.X',
      data: new Uint8Array([i]),
      recordedAt: new Date(t),
      metadata: {},
      prevHash,
      source: 'onestop.intake',
    };
    prevHash = computeEventHash(e);
    return { ...e, hash: prevHash };
  });
}

const store = (events: AuditedEvent[], published: (e: AuditedEvent) => boolean): StoreAudit => ({
  source: 'onestop.intake',
  label: 'memory',
  read: async (visit) => events.forEach((e) => visit(e, published(e))),
});
const topic = (events: AuditedEvent[]): TopicAudit => ({ topic: 't', read: async (visit) => events.forEach((e) => visit(e, 't[0]')) });

describe('verifyHistory and unpublished events', () => {
  const events = chain('d-1', ['2026-11-29T08:00:00Z', '2026-11-29T08:05:00Z', '2026-11-29T08:29:00Z']);
  const onKafka = events.slice(0, 1);
  const now = new Date('2026-11-29T08:30:00Z');
  const until = now;

  it('lists events unpublished longer than the grace as overdue, keeping the digest', async () => {
    const r = await verifyHistory([store(events, (e) => e.version === 1)], [topic(onKafka)], until, {
      now,
      unpublishedGraceMs: 10 * 60_000,
    });
    expect(r.problems).toEqual([]);
    expect(r.unpublished).toBe(2);
    expect(r.overdue).toEqual([
      expect.objectContaining({ kind: 'unpublished', where: 'store onestop.intake', streamId: 'd-1', version: 2, eventId: 'd-1-2' }),
    ]);
    expect(r.overdue[0].detail).toContain('not published to Kafka after the 600 s grace');
    expect(r.digest).toBe(historyDigest(events));
  });

  it('has nothing overdue within the grace (default 10 minutes)', async () => {
    const r = await verifyHistory([store(events, (e) => e.version === 1)], [topic(onKafka)], until, {
      now: new Date('2026-11-29T08:14:00Z'),
    });
    expect(r.unpublished).toBe(2);
    expect(r.overdue).toEqual([]);
  });

  it("gives the stores' digest alone, the one verify prints, or the broken chain", async () => {
    const clean = await auditStores([store(events, () => true)], until);
    expect(clean).toEqual({ storeEvents: 3, streams: 1, problems: [], digest: historyDigest(events) });
    const forged = events.map((e) => (e.version === 2 ? { ...e, type: 'onestop.intake.v1.Forged' } : e));
    const broken = await auditStores([store(forged, () => true)], until);
    expect(broken.digest).toBeNull();
    expect(broken.problems).toEqual([expect.objectContaining({ kind: 'altered', streamId: 'd-1', version: 2 })]);
  });
});
