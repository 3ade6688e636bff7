import * as path from 'node:path';
import { z } from 'zod';
import { baseConfigSchema, grpcServerConfigSchema } from '@onestop/config';

export const reportingConfigSchema = baseConfigSchema.extend(grpcServerConfigSchema(50054).shape).extend({
  MONGO_DB: z
    .string()
    .regex(/^[\w-]+$/, 'a database name')
    .default('onestop_reporting'),
  /** Working calendar data (for processing times in working hours); the bundled file when unset. */
  CALENDAR_FILE: z.string().optional(),
  /** Đơn vị báo cáo printed on exported forms. */
  REPORTING_BODY: z.string().min(1).default('UBND huyện Trực Ninh'),
  /**
   * The district's own unit code (UBND huyện / its one-stop desk): a leader whose token names it
   * may list the work queue and overdue dossiers of any unit or agency.
   */
  DISTRICT_UNIT_CODE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'a unit code')
    .default('TRUCNINH'),
  /**
   * The units over time (validity, successors): reports can roll 2020 units up to today's. The
   * intake service's shipped file by default.
   */
  UNITS_FILE: z.string().default(path.resolve(__dirname, '../../intake/data/units.json')),
  /**
   * The procedure catalogue, which `ops import` checks legacy dossiers against (the intake
   * service's shipped file by default, as for intake itself).
   */
  CATALOGUE_FILE: z.string().default(path.resolve(__dirname, '../../intake/data/catalogue.json')),
  /** Handler attempts before an event goes to the dead-letter topic. */
  PROJECTION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** The citizen's lookup: lookups per minute per client (token), and wrong answers per code per window. */
  LOOKUP_MAX_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  LOOKUP_MAX_FAILURES_PER_CODE: z.coerce.number().int().min(1).max(1000).default(5),
  LOOKUP_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
});

export type ReportingConfig = z.infer<typeof reportingConfigSchema>;
