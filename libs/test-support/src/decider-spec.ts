// given(events).when(command).then(events | rejection): the one spec style for every service's
// pure decide/evolve. `given` folds the history with the service's evolve, `when` decides, and
// `then` compares what was decided with what was expected (a rejection by its kind and, when given,
// its message or violations).

/** A rejection as expected in a spec: its kind, optionally the rest of it. */
export interface ExpectedRejection {
  kind: string;
  message?: string | RegExp;
  violations?: { field: string; description?: string }[];
}

/** What a service's domain exposes (decide may also return a plain rejection union member). */
export interface Decider<C, E, S, X> {
  initialState(): S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S, context: X): { ok: true; events: E[] } | { ok: false; rejection: { kind: string } };
}

export type Outcome<E> = { ok: true; events: E[] } | { ok: false; rejection: { kind: string } };

export interface Then<E, S> {
  /** The decision itself, for assertions the helpers below do not cover. */
  readonly outcome: Outcome<E>;
  /** The state the command was decided on. */
  readonly state: S;
  /** Exactly these events (deep equality; use expect.anything()/objectContaining inside). */
  then(expected: E[] | ExpectedRejection): void;
  /** The events decided (fails when the command was rejected). */
  events(): E[];
  /** The rejection (fails when the command was accepted). */
  rejection(): { kind: string };
}

function isRejection<E>(expected: E[] | ExpectedRejection): expected is ExpectedRejection {
  return !Array.isArray(expected);
}

export function deciderSpec<C, E, S, X>(decider: Decider<C, E, S, X>, defaultContext: () => X) {
  return {
    given(history: E[] = [], initial?: S) {
      const state = history.reduce((s, e) => decider.evolve(s, e), initial ?? decider.initialState());
      return {
        state,
        when(command: C, context: X = defaultContext()): Then<E, S> {
          const outcome = decider.decide(command, state, context) as Outcome<E>;
          return {
            outcome,
            state,
            then(expected) {
              if (isRejection(expected)) {
                expect(outcome).toMatchObject({ ok: false });
                const rejection = (outcome as { rejection: Record<string, unknown> }).rejection;
                expect(rejection.kind).toBe(expected.kind);
                if (expected.message !== undefined) expect(rejection.message).toMatch(expected.message);
                if (expected.violations) expect(rejection.violations).toEqual(expected.violations.map((v) => expect.objectContaining(v)));
                return;
              }
              expect(outcome).toEqual({ ok: true, events: expected });
            },
            events() {
              if (!outcome.ok) throw new Error(`expected events, got rejection ${JSON.stringify(outcome.rejection)}`);
              return outcome.events;
            },
            rejection() {
              if (outcome.ok)
                throw new Error(
                  `expected a rejection, got events ${JSON.stringify(outcome.events.map((e) => (e as { type?: string }).type))}`,
                );
              return outcome.rejection;
            },
          };
        },
      };
    },
  };
}
