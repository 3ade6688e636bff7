import * as path from 'node:path';
import { z } from 'zod';
import { baseConfigSchema, eventStoreConfigSchema, grpcServerConfigSchema } from '@onestop/config';

const dataDir = path.resolve(__dirname, '../data');

export const intakeConfigSchema = baseConfigSchema
  .extend(grpcServerConfigSchema(50051).shape)
  .extend(eventStoreConfigSchema.shape)
  .extend({
    MONGO_DB: z
      .string()
      .regex(/^[\w-]+$/, 'a database name')
      .default('onestop_intake'),
    /** Procedure catalogue (versioned data file). */
    CATALOGUE_FILE: z.string().default(path.join(dataDir, 'catalogue.json')),
    /** Units (desks) and agencies. */
    UNITS_FILE: z.string().default(path.join(dataDir, 'units.json')),
    /** Working calendar data; the calendar library's bundled file when unset. */
    CALENDAR_FILE: z.string().optional(),
    /**
     * The day (YYYY-MM-DD) the administrative map and the catalogue's periods are read at, instead of
     * the moment of each act: a deployment or test suite that still runs an earlier map (the 2020
     * district, e.g. 2020-06-01). Unset: the map in force when the act happens (today's map).
     */
    MAP_AS_OF: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
      .optional(),
  });

export type IntakeConfig = z.infer<typeof intakeConfigSchema>;
