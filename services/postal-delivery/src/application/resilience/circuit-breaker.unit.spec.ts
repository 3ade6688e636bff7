import { CircuitBreaker, CircuitOpenError, type CircuitState } from './circuit-breaker';

class Refusal extends Error {}

function breaker() {
  let now = 1_000_000;
  const changes: string[] = [];
  const b = new CircuitBreaker({
    name: 'provider',
    failureThreshold: 3,
    cooldownMs: 10_000,
    now: () => now,
    isFailure: (e) => !(e instanceof Refusal),
    onStateChange: (from: CircuitState, to: CircuitState) => changes.push(`${from}->${to}`),
  });
  return { b, changes, advance: (ms: number) => (now += ms) };
}

const fail = () => Promise.reject(new Error('503'));
const ok = () => Promise.resolve('ok');

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures and then fails fast without calling', async () => {
    const { b } = breaker();
    for (let i = 0; i < 3; i++) await expect(b.run(fail)).rejects.toThrow('503');
    expect(b.state).toBe('open');
    let called = false;
    await expect(
      b.run(async () => {
        called = true;
      }),
    ).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
  });

  it('a success in between resets the count', async () => {
    const { b } = breaker();
    await expect(b.run(fail)).rejects.toThrow();
    await expect(b.run(fail)).rejects.toThrow();
    await b.run(ok);
    await expect(b.run(fail)).rejects.toThrow();
    expect(b.state).toBe('closed');
  });

  it('refusals (bad input) do not count as the provider failing', async () => {
    const { b } = breaker();
    for (let i = 0; i < 5; i++) await expect(b.run(() => Promise.reject(new Refusal('400')))).rejects.toThrow('400');
    expect(b.state).toBe('closed');
  });

  it('after the cooldown lets one trial through: success closes it', async () => {
    const { b, changes, advance } = breaker();
    for (let i = 0; i < 3; i++) await expect(b.run(fail)).rejects.toThrow();
    advance(9_999);
    await expect(b.run(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    advance(1);
    await expect(b.run(ok)).resolves.toBe('ok');
    expect(b.state).toBe('closed');
    expect(changes).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
  });

  it('a failed trial opens it again for another cooldown', async () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) await expect(b.run(fail)).rejects.toThrow();
    advance(10_000);
    await expect(b.run(fail)).rejects.toThrow('503');
    expect(b.state).toBe('open');
    advance(5_000);
    await expect(b.run(ok)).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('while the trial runs, other calls fail fast', async () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) await expect(b.run(fail)).rejects.toThrow();
    advance(10_000);
    let release!: () => void;
    const trial = b.run(() => new Promise<string>((resolve) => (release = () => resolve('ok'))));
    await expect(b.run(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    release();
    await expect(trial).resolves.toBe('ok');
    await expect(b.run(ok)).resolves.toBe('ok');
  });
});
