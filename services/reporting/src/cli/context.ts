// Connections the commands need, opened on first use and closed once at the end. Settings come
// from the environment (MONGO_URL, MONGO_DB, PG_URL, KAFKA_BROKERS, …) through the service's schema.
import { loadAdminMap, rollUp } from '@onestop/admin-map';
import { MongoClient, type Db } from 'mongodb';
import { Pool } from 'pg';
import { loadCalendar } from '@onestop/calendar';
import { ConfigError, loadConfig } from '@onestop/config';
import { silentLogger } from '@onestop/logging';
import { createKafka, type KafkaClient } from '@onestop/messaging';
import { ReportingQueries } from '../application/reporting-queries';
import { workingHoursOn } from '../application/working-hours';
import { KafkaEventSource } from '../adapters/kafka/kafka-event-source';
import { MongoProjectionCatalog } from '../adapters/store/mongo-projection-catalog';
import { reportingConfigSchema, type ReportingConfig } from '../config';
import { UsageError } from './args';

export class CliContext {
  private mongoClients = new Map<string, MongoClient>();
  private pgPools = new Map<string, Pool>();
  private kafkaClient: KafkaClient | undefined;
  readonly config: ReportingConfig;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    try {
      this.config = loadConfig(reportingConfigSchema, env);
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(err.message);
      throw err;
    }
  }

  /** A connected client for a MongoDB URL (the reporting store's by default). */
  async mongo(url = this.config.MONGO_URL): Promise<MongoClient> {
    let client = this.mongoClients.get(url);
    if (!client) {
      client = await new MongoClient(url, { serverSelectionTimeoutMS: 10_000 }).connect();
      this.mongoClients.set(url, client);
    }
    return client;
  }

  /** A pool for a PostgreSQL URL (the event stores' server, PG_URL, by default). */
  pg(url = this.config.PG_URL): Pool {
    let pool = this.pgPools.get(url);
    if (!pool) {
      pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000, application_name: 'reporting-cli' });
      this.pgPools.set(url, pool);
    }
    return pool;
  }

  async reportingDb(): Promise<Db> {
    return (await this.mongo()).db(this.config.MONGO_DB);
  }

  kafka(): KafkaClient {
    this.kafkaClient ??= createKafka({ brokers: this.config.KAFKA_BROKERS, clientId: 'reporting-cli', logger: silentLogger() });
    return this.kafkaClient;
  }

  async catalog(): Promise<MongoProjectionCatalog> {
    return new MongoProjectionCatalog(await this.reportingDb());
  }

  eventSource(): KafkaEventSource {
    return new KafkaEventSource(this.kafka(), { maxAttempts: this.config.PROJECTION_MAX_ATTEMPTS });
  }

  /** Queries over the live projection version. */
  async queries(): Promise<ReportingQueries> {
    const catalog = await this.catalog();
    const store = catalog.store((await catalog.pointer()).live);
    const calendar = this.config.CALENDAR_FILE ? loadCalendar(this.config.CALENDAR_FILE) : loadCalendar();
    const map = loadAdminMap(this.config.UNITS_FILE);
    return new ReportingQueries({
      store: () => store,
      workingHours: workingHoursOn(calendar),
      clock: () => new Date(),
      rollUp: (unitCode, day) => rollUp(map, unitCode, day),
    });
  }

  async close(): Promise<void> {
    for (const client of this.mongoClients.values()) await client.close();
    this.mongoClients.clear();
    for (const pool of this.pgPools.values()) await pool.end();
    this.pgPools.clear();
  }
}
