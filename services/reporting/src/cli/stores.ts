// Where the services' event stores are: the platform's defaults (one PostgreSQL schema per
// service on PG_URL; the former MongoDB databases on MONGO_URL) and the options that name others.
import { UsageError } from './args';
import type { CliContext } from './context';

export type ServiceName = 'intake' | 'processing' | 'postal';

/** Each event-sourced service: its source id, its PostgreSQL schema and its former MongoDB database. */
export const SERVICES: Record<ServiceName, { source: string; schema: string; database: string }> = {
  intake: { source: 'onestop.intake', schema: 'onestop_intake', database: 'onestop_intake' },
  processing: { source: 'onestop.processing', schema: 'onestop_processing', database: 'onestop_processing' },
  postal: { source: 'onestop.postal-delivery', schema: 'onestop_postal', database: 'onestop_postal' },
};
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

export interface StoreLocation {
  source: string;
  /** PostgreSQL URL of the server and database. */
  url: string;
  schema: string;
}

const SCHEMA = '[a-z_][a-z0-9_]{0,62}';

/** "onestop.intake=postgres://user@host:5432/onestop#onestop_intake" -> its parts. */
export function parseStoreLocation(spec: string): StoreLocation {
  const m = new RegExp(`^([\\w.-]+)=(postgres(?:ql)?://[^#\\s]+)#(${SCHEMA})$`).exec(spec.trim());
  if (!m) throw new UsageError(`--store "${spec}" is not SOURCE=postgres://user@host:port/DATABASE#SCHEMA`);
  return { source: m[1], url: m[2], schema: m[3] };
}

/** --store options, else VERIFY_STORES (comma-separated), else the platform's schemas on PG_URL. */
export function storeLocations(specs: string[] | undefined, ctx: CliContext, env: NodeJS.ProcessEnv = process.env): StoreLocation[] {
  const given = specs && specs.length > 0 ? specs : (env.VERIFY_STORES ?? '').split(',').filter((s) => s.trim());
  if (given.length > 0) return given.map(parseStoreLocation);
  return SERVICE_NAMES.map((n) => ({ source: SERVICES[n].source, url: ctx.config.PG_URL, schema: SERVICES[n].schema }));
}

export function serviceName(value: string, option: string): ServiceName {
  if (!(SERVICE_NAMES as string[]).includes(value))
    throw new UsageError(`--${option} must be one of ${SERVICE_NAMES.join(', ')}; got "${value}"`);
  return value as ServiceName;
}

/** The service a source id belongs to ('onestop.postal-delivery' -> 'postal'), or undefined. */
export function serviceOfSource(source: string): ServiceName | undefined {
  return SERVICE_NAMES.find((n) => SERVICES[n].source === source);
}

/** The URL without its password, for reports. */
export function shown(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** A duration: a number with s, m, h or d ("90s", "10m", "1h"); "0" means none. */
export function duration(value: string | undefined, option: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const m = /^(\d+)(s|m|h|d)?$/.exec(value.trim());
  if (!m || (m[2] === undefined && m[1] !== '0'))
    throw new UsageError(`--${option} must be a duration like 90s, 10m, 1h or 2d; got "${value}"`);
  const unit: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Number(m[1]) * (unit[m[2] ?? 's'] ?? 1000);
}

export function positiveInteger(value: string | undefined, option: string, fallback: number, max = 100_000): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > max)
    throw new UsageError(`--${option} must be a whole number from 1 to ${max}; got "${value}"`);
  return n;
}
