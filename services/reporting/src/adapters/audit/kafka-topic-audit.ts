// Reads a topic from the beginning for the audit: each message's CloudEvents headers give back
// exactly what the producer's store hashed (id, stream, version, type, time, metadata, payload,
// previous hash) and the hash it sent.
import { CloudEventDecodeError, fromKafkaMessage, readTopicToEnd, type KafkaClient } from '@onestop/messaging';
import type { AuditedEvent, TopicAudit } from '../../application/verify-history';

export class KafkaTopicAudit implements TopicAudit {
  constructor(
    private readonly kafka: KafkaClient,
    readonly topic: string,
  ) {}

  async read(visit: (e: AuditedEvent, where: string) => void, onUndecodable: (where: string, problem: string) => void): Promise<void> {
    await readTopicToEnd(this.kafka, this.topic, (m) => {
      const where = `${m.topic}[${m.partition}]@${m.offset}`;
      try {
        const e = fromKafkaMessage(m, m.topic, m.partition);
        visit(
          {
            id: e.id,
            source: e.source,
            streamId: e.streamId,
            version: e.streamVersion,
            type: e.type,
            recordedAt: e.time,
            metadata: e.metadata,
            data: e.data,
            prevHash: e.prevHash ?? '',
            hash: e.hash,
          },
          where,
        );
      } catch (err) {
        if (!(err instanceof CloudEventDecodeError)) throw err;
        onUndecodable(where, err.message);
      }
    });
  }
}
