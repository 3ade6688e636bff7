// The simulated clock endpoint and a service following it, over real HTTP on 127.0.0.1.
import { startClock } from './clock';
import { startClockServer } from './clock-server';

describe('the shared simulated clock', () => {
  it('carries an advance to every follower before the advance returns', async () => {
    const server = await startClockServer({ start: new Date('2020-01-02T01:00:00Z') });
    const env = { CLOCK_MODE: 'simulated' as const, ONESTOP_SIMULATION: '1' as const, SIM_CLOCK_URL: `http://127.0.0.1:${server.port}` };
    const a = await startClock(env, 'a');
    const b = await startClock(env, 'b');
    try {
      expect(a.simulated).toBe(true);
      expect(a.now().getUTCFullYear()).toBe(2020);
      // both followers are waiting on the long poll once they have registered
      await new Promise((r) => setTimeout(r, 300));
      const moved = await server.advance(new Date('2020-03-05T02:00:00Z'));
      expect(moved.lagging).toEqual([]);
      expect(moved.followers).toBe(2);
      for (const c of [a, b]) expect(c.now().toISOString().slice(0, 13)).toBe('2020-03-05T02');
    } finally {
      a.stop();
      b.stop();
      await server.close();
    }
  });

  it('refuses to follow a clock that does not answer, naming SIM_CLOCK_URL', async () => {
    await expect(
      startClock({ CLOCK_MODE: 'simulated', ONESTOP_SIMULATION: '1', SIM_CLOCK_URL: 'http://127.0.0.1:9' }, 'x'),
    ).rejects.toThrow(/SIM_CLOCK_URL/);
  });
});
