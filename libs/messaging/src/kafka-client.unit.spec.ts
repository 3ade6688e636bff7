import pino from 'pino';
import { Writable } from 'node:stream';
import { createKafka } from './kafka-client';

function capturingLogger(): { logger: pino.Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

describe('kafkajs logs through pino', () => {
  it('turns a retried "not the leader" answer into a warning and keeps real errors as errors', async () => {
    const { logger, lines } = capturingLogger();
    const log = createKafka({ brokers: '127.0.0.1:9', clientId: 't', logger }).logger().namespace('Connection');
    log.error('Response ListOffsets(key: 2, version: 3)', { error: 'This server is not the leader for that topic-partition' });
    log.error('Response Produce(key: 0, version: 7)', {
      error: 'The request included message batch larger than the configured segment size',
    });
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'Response ListOffsets(key: 2, version: 3)'],
      [50, 'Response Produce(key: 0, version: 7)'],
    ]);
  });
});
