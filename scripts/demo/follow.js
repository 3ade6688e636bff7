// Follows the demo's intake and processing topics, so an officer waits for the event an action
// rests on (the case opened at the agency, the result noted at the desk) instead of repeating the
// call until the platform has caught up: the action goes as soon as the event is out, and the
// services are not asked again and again in the meantime (on a loaded machine those repeated
// calls were most of the demo's calls). The repeating call stays behind it as the fallback.
'use strict';
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const root = path.resolve(__dirname, '../..');
const { createKafka, fromKafkaMessage } = require(path.join(root, 'libs/messaging/dist'));
const { decodeEvent } = require(path.join(root, 'libs/contracts/dist'));

const NOTED = 'onestop.intake.v1.ProcessingStatusNoted';

/** What an event says, kept per dossier: its type and, for intake's notes, the status noted. */
function factOf(e) {
  return { type: e.type, status: e.type === NOTED ? decodeEvent(e.type, e.data).status : undefined };
}

class Follow {
  constructor(kafka, consumer, groupId) {
    Object.assign(this, { kafka, consumer, groupId });
    /** dossier id → facts seen */
    this.facts = new Map();
    /** dossier id → waiters */
    this.waiters = new Map();
    this.messages = 0;
  }

  static async start({ brokers, topics }) {
    const kafka = createKafka({ brokers, clientId: 'demo-follow' });
    const groupId = `demo.follow.${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, sessionTimeout: 60_000 });
    const follow = new Follow(kafka, consumer, groupId);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) follow.take(fromKafkaMessage(m, batch.topic, batch.partition));
      },
    });
    return follow;
  }

  take(e) {
    this.messages++;
    const facts = this.facts.get(e.subject) || [];
    facts.push(factOf(e));
    this.facts.set(e.subject, facts);
    for (const w of this.waiters.get(e.subject) || []) if (w.pred(facts)) w.done(true);
  }

  /**
   * Resolves true once a fact of the dossier matches `pred` (at once if one has), false after
   * `timeoutMs` (the caller then goes on, and its repeating call finds out).
   */
  until(dossierId, pred, timeoutMs = 600_000) {
    const match = (facts) => facts.some(pred);
    if (match(this.facts.get(dossierId) || [])) return Promise.resolve(true);
    return new Promise((resolve) => {
      const set = this.waiters.get(dossierId) || new Set();
      this.waiters.set(dossierId, set);
      const w = {
        pred: match,
        done: (ok) => {
          clearTimeout(timer);
          set.delete(w);
          if (set.size === 0) this.waiters.delete(dossierId);
          resolve(ok);
        },
      };
      const timer = setTimeout(() => w.done(false), timeoutMs);
      set.add(w);
    });
  }

  /** The case opened at the agency (processing took intake's DossierReceived in). */
  caseOpened(dossierId) {
    return this.until(dossierId, (f) => f.type === 'onestop.processing.v1.CaseOpened');
  }

  /** The case resumed after the supplement (processing took the desk's record in). */
  caseResumed(dossierId) {
    return this.until(dossierId, (f) => f.type === 'onestop.processing.v1.CaseResumedAfterSupplement');
  }

  /** Intake noted on its own stream that processing moved the dossier to `status`. */
  deskNoted(dossierId, status) {
    return this.until(dossierId, (f) => f.type === NOTED && f.status === status);
  }

  async stop() {
    for (const set of this.waiters.values()) for (const w of [...set]) w.done(false);
    await this.consumer.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([this.groupId]);
    } catch {
      // a group left behind holds no data; the namespace's topics stay for the audit anyway
    } finally {
      await admin.disconnect();
    }
  }
}

module.exports = { Follow };
