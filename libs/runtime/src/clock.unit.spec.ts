import { checkClockConfig, clockConfigSchema, FollowedClock } from './clock';

const config = (env: Record<string, string>) => clockConfigSchema.parse(env);

describe('the clock configuration', () => {
  it('is the system clock by default', () => {
    expect(config({}).CLOCK_MODE).toBe('system');
    expect(() => checkClockConfig(config({}))).not.toThrow();
  });

  it('refuses a simulated clock without the explicit simulation flag, naming it', () => {
    expect(() => checkClockConfig(config({ CLOCK_MODE: 'simulated', SIM_CLOCK_URL: 'http://127.0.0.1:8099' }))).toThrow(
      /ONESTOP_SIMULATION=1/,
    );
  });

  it('refuses a simulated clock in production even with the flag', () => {
    expect(() =>
      checkClockConfig(
        config({ CLOCK_MODE: 'simulated', ONESTOP_SIMULATION: '1', SIM_CLOCK_URL: 'http://127.0.0.1:8099', NODE_ENV: 'production' }),
      ),
    ).toThrow(/NODE_ENV=production/);
  });

  it('needs the endpoint of the simulated clock', () => {
    expect(() => checkClockConfig(config({ CLOCK_MODE: 'simulated', ONESTOP_SIMULATION: '1' }))).toThrow(/SIM_CLOCK_URL/);
    expect(() =>
      checkClockConfig(config({ CLOCK_MODE: 'simulated', ONESTOP_SIMULATION: '1', SIM_CLOCK_URL: 'http://127.0.0.1:8099' })),
    ).not.toThrow();
  });
});

describe('a followed simulated clock', () => {
  it('runs on from the last reading with real time, takes newer readings and never goes back', () => {
    let real = 1_000;
    const clock = new FollowedClock({ version: 1, nowMs: Date.UTC(2020, 0, 2, 1) }, () => real);
    real += 500;
    expect(clock.now().toISOString()).toBe('2020-01-02T01:00:00.500Z');
    clock.update({ version: 2, nowMs: Date.UTC(2020, 0, 3, 2) });
    expect(clock.now().toISOString()).toBe('2020-01-03T02:00:00.000Z');
    clock.update({ version: 1, nowMs: Date.UTC(2020, 0, 1) }); // an older reading is ignored
    expect(clock.now().toISOString()).toBe('2020-01-03T02:00:00.000Z');
  });
});
