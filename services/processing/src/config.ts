import * as path from 'node:path';
import { z } from 'zod';
import { baseConfigSchema, eventStoreConfigSchema, grpcServerConfigSchema } from '@onestop/config';

const dataDir = path.resolve(__dirname, '../data');

export const processingConfigSchema = baseConfigSchema
  .extend(grpcServerConfigSchema(50052).shape)
  .extend(eventStoreConfigSchema.shape)
  .extend({
    MONGO_DB: z
      .string()
      .regex(/^[\w-]+$/, 'a database name')
      .default('onestop_processing'),
    /** Workflows per procedure (versioned data file); a bad file stops the service at start. */
    WORKFLOWS_FILE: z.string().default(path.join(dataDir, 'workflows.json')),
    /**
     * Units and agencies over time (the intake service's shipped file by default): when a case's
     * agency no longer exists, the departments of the unit carrying its dossier's unit on work it.
     */
    UNITS_FILE: z.string().default(path.resolve(__dirname, '../../intake/data/units.json')),
    /**
     * Working calendar editions, comma-separated, the current one last; the calendar library's
     * shipped editions (libs/calendar/data/editions.json) when unset. Older editions keep the deadlines of older dossiers.
     */
    CALENDAR_FILES: z
      .string()
      .optional()
      .transform((s) =>
        s
          ? s
              .split(',')
              .map((f) => f.trim())
              .filter(Boolean)
          : undefined,
      ),
    /** How long before a deadline DueSoon fires, in working hours (8 = one working day). */
    DUE_SOON_LEAD_WORKING_HOURS: z.coerce.number().gt(0, 'must be more than 0').max(80, 'at most 10 working days').default(8),
    /** How often the deadline timers look for due alerts. */
    TIMER_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
    /**
     * Shifts processing's clock by this many milliseconds — for drills and end-to-end tests that must
     * see deadlines pass without waiting days. 0 (the real time) in production.
     */
    CLOCK_OFFSET_MS: z.coerce.number().int().default(0),
  });

export type ProcessingConfig = z.infer<typeof processingConfigSchema>;
