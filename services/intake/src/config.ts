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
  });

export type IntakeConfig = z.infer<typeof intakeConfigSchema>;
