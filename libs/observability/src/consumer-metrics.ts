// Kafka consumers (libs/messaging EventConsumer): how far behind each partition is, how long the
// handler takes, retries and dead letters. Labels are the group id and topic (code-defined names).
import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry, safeLabel } from './registry';

const lag = new Gauge({
  name: 'onestop_consumer_lag_messages',
  help: 'Messages on the partition after the last one this group handled (high watermark - next offset).',
  labelNames: ['group', 'topic', 'partition'],
  registers: [metricsRegistry],
});
const handlerSeconds = new Histogram({
  name: 'onestop_consumer_handler_duration_seconds',
  help: 'Time of one handler attempt, by outcome (success or error).',
  labelNames: ['group', 'topic', 'outcome'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});
const retries = new Counter({
  name: 'onestop_consumer_retries_total',
  help: 'Handler attempts repeated after a failure.',
  labelNames: ['group', 'topic'],
  registers: [metricsRegistry],
});
const deadLetters = new Counter({
  name: 'onestop_consumer_dead_letters_total',
  help: 'Messages copied to the dead-letter topic: reason handler_failed (after the last attempt) or undecodable.',
  labelNames: ['group', 'topic', 'reason'],
  registers: [metricsRegistry],
});
const offsetCommits = new Counter({
  name: 'onestop_consumer_offset_commits_total',
  help: 'Offset commit requests sent for handled messages (on an interval, at stop and before a rebalance), by outcome.',
  labelNames: ['group', 'outcome'],
  registers: [metricsRegistry],
});
const restarts = new Counter({
  name: 'onestop_consumer_restarts_total',
  help: 'Times a consumer rejoined its group on its own after kafkajs gave it up (a crash kafkajs does not restart).',
  labelNames: ['group'],
  registers: [metricsRegistry],
});

export const consumerMetrics = {
  lag(group: string, topic: string, partition: number, messages: number): void {
    lag.set({ group: safeLabel(group), topic: safeLabel(topic), partition: String(partition) }, Math.max(0, messages));
  },
  handlerAttempt(group: string, topic: string, outcome: 'success' | 'error', seconds: number): void {
    handlerSeconds.observe({ group: safeLabel(group), topic: safeLabel(topic), outcome }, seconds);
  },
  retry(group: string, topic: string): void {
    retries.inc({ group: safeLabel(group), topic: safeLabel(topic) });
  },
  deadLettered(group: string, topic: string, reason: 'handler_failed' | 'undecodable'): void {
    deadLetters.inc({ group: safeLabel(group), topic: safeLabel(topic), reason });
  },
  offsetCommit(group: string, outcome: 'success' | 'error'): void {
    offsetCommits.inc({ group: safeLabel(group), outcome });
  },
  restart(group: string): void {
    restarts.inc({ group: safeLabel(group) });
  },
};
