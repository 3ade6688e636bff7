import { Writable } from 'node:stream';
import pino from 'pino';
import { createKafka, parseBrokers } from './kafka-client';

describe('parseBrokers', () => {
  it('accepts a list or a comma-separated string', () => {
    expect(parseBrokers(' a:9092, b:9093 ,')).toEqual(['a:9092', 'b:9093']);
    expect(parseBrokers(['127.0.0.1:9092'])).toEqual(['127.0.0.1:9092']);
  });

  it('rejects an empty list and entries without a port', () => {
    expect(() => parseBrokers('')).toThrow(/brokers/);
    expect(() => parseBrokers('localhost')).toThrow(/"localhost"/);
  });
});

describe('createKafka', () => {
  it('requires a client id', () => {
    expect(() => createKafka({ brokers: 'a:1', clientId: ' ' })).toThrow(/clientId/);
  });

  it('forwards kafkajs logs to pino as structured fields', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const kafka = createKafka({ brokers: '127.0.0.1:1', clientId: 'unit', logger });
    kafka.logger().warn('broker slow', { broker: '127.0.0.1:1', retryCount: 2 });
    kafka.logger().debug('not at info level', {});
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 40,
        msg: 'broker slow',
        component: 'kafkajs',
        broker: '127.0.0.1:1',
        retryCount: 2,
      });
      expect(lines[0]).not.toHaveProperty('logger');
    });
  });
});
