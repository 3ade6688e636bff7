// intake — the one-stop desk. Wiring only: config, reference data, start (service.ts), stop on signal.
import { loadConfigOrExit } from '@onestop/config';
import { createLogger } from '@onestop/logging';
import { runService } from '@onestop/runtime';
import { loadReferenceData } from './adapters/reference-files';
import { intakeConfigSchema } from './config';
import { startIntake } from './service';

runService('intake', async () => {
  const config = loadConfigOrExit(intakeConfigSchema);
  const logger = createLogger('intake', config.LOG_LEVEL);
  const reference = loadReferenceData({ catalogue: config.CATALOGUE_FILE, units: config.UNITS_FILE, calendar: config.CALENDAR_FILE });
  logger.info({ catalogue: reference.catalogue.version, units: reference.units.version, calendar: reference.calendar.version }, 'reference data loaded');

  const running = await startIntake(config, { logger, reference });
  logger.info({ grpc: `${config.GRPC_HOST}:${running.grpcPort}` }, 'intake listening');
  return { logger, running };
});
