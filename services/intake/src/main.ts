// intake — the one-stop desk. Wiring only: config, reference data, start (service.ts), stop on signal.
import { loadConfigOrExit } from '@onestop/config';
import { createLogger } from '@onestop/logging';
import { clockConfigSchema, runService, startClock } from '@onestop/runtime';
import { loadReferenceData } from './adapters/reference-files';
import { intakeConfigSchema } from './config';
import { startIntake } from './service';

runService('intake', async () => {
  const config = loadConfigOrExit(intakeConfigSchema);
  const logger = createLogger('intake', config.LOG_LEVEL);
  const reference = loadReferenceData({
    catalogue: config.CATALOGUE_FILE,
    units: config.UNITS_FILE,
    calendar: config.CALENDAR_FILE,
    mapAsOf: config.MAP_AS_OF,
  });
  logger.info(
    {
      catalogue: reference.catalogue.version,
      units: reference.units.version,
      calendar: reference.calendar.version,
      mapAsOf: reference.mapAsOf ?? 'the moment of each act',
    },
    'reference data loaded',
  );
  // "now": the system clock, or the simulation's shared clock (refused unless ONESTOP_SIMULATION=1).
  const clock = await startClock(loadConfigOrExit(clockConfigSchema), 'intake');
  if (clock.simulated) logger.warn({ now: clock.now().toISOString() }, 'SIMULATED CLOCK: every event is marked simulatedClock');

  const running = await startIntake(config, { logger, reference, clock: clock.now, simulatedClock: clock.simulated });
  logger.info({ grpc: `${config.GRPC_HOST}:${running.grpcPort}` }, 'intake listening');
  return {
    logger,
    running: {
      async stop() {
        await running.stop();
        clock.stop();
      },
    },
  };
});
