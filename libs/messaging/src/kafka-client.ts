// Creates the Kafka client. Everything kafkajs logs is forwarded to pino as structured fields.
import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
// Stops kafkajs 2.2.4's timer loop on idle connections (see the module) before any client exists.
import './kafkajs-idle-loop';
import { silentLogger, type Logger } from './logger';

/** The Kafka client handle passed to every function of this library (kafkajs today). */
export type KafkaClient = Kafka;

export interface KafkaClientOptions {
  /** Broker addresses, as a list or a comma-separated string ("host1:9092,host2:9092"). */
  brokers: string[] | string;
  clientId: string;
  logger?: Logger;
}

export function createKafka(options: KafkaClientOptions): KafkaClient {
  const brokers = parseBrokers(options.brokers);
  if (typeof options.clientId !== 'string' || options.clientId.trim() === '') {
    throw new Error('createKafka: clientId must be a non-empty string');
  }
  const logger = (options.logger ?? silentLogger()).child({ component: 'kafkajs' });
  return new Kafka({
    brokers,
    clientId: options.clientId,
    logLevel: kafkaLogLevelFor(logger),
    logCreator: pinoLogCreator(logger),
  });
}

export function parseBrokers(brokers: string[] | string): string[] {
  const list = (Array.isArray(brokers) ? brokers : String(brokers ?? '').split(',')).map((b) => b.trim()).filter((b) => b !== '');
  if (list.length === 0) {
    throw new Error('createKafka: brokers must name at least one "host:port"');
  }
  const bad = list.find((b) => !/^[^\s:]+:\d+$/.test(b));
  if (bad !== undefined) {
    throw new Error(`createKafka: brokers entry "${bad}" is not "host:port"`);
  }
  return list;
}

function kafkaLogLevelFor(logger: Logger): logLevel {
  if (logger.isLevelEnabled('debug')) return logLevel.DEBUG;
  if (logger.isLevelEnabled('info')) return logLevel.INFO;
  if (logger.isLevelEnabled('warn')) return logLevel.WARN;
  if (logger.isLevelEnabled('error')) return logLevel.ERROR;
  return logLevel.NOTHING;
}

const RETRIABLE = /not the leader|leader not available|coordinator is not available|coordinator load in progress|not coordinator/i;

function pinoLogCreator(logger: Logger): logCreator {
  return () => (entry: LogEntry) => {
    // kafkajs puts its own timestamp and logger name on every entry; pino has both already.
    const { message, timestamp: _timestamp, logger: _name, ...fields } = entry.log;
    const line = { namespace: entry.namespace, ...fields };
    switch (entry.level) {
      case logLevel.ERROR:
        // A broker's answer carrying a retriable error (e.g. "not the leader" right after a topic
        // is created) is logged by kafkajs' connection as an error, then retried: a warning.
        if (entry.namespace === 'Connection' && /^Response /.test(String(message)) && RETRIABLE.test(String(fields.error ?? '')))
          logger.warn(line, message);
        else logger.error(line, message);
        break;
      case logLevel.WARN:
        logger.warn(line, message);
        break;
      case logLevel.INFO:
        logger.info(line, message);
        break;
      default:
        logger.debug(line, message);
    }
  };
}
