// Plays a plan on the shared simulated clock: the actions are grouped in ticks of `tickMs` of
// simulated time; the clock moves to a tick's first action, then every dossier's actions of the
// tick run (each dossier's in order, up to `concurrency` dossiers side by side). An action planned
// later in its tick happens at the tick's start: earlier, never later, so no deadline is missed for
// the sake of speed. Counts where the real time goes (clock moves, each kind of action, the calls
// repeated while events travel between services).
'use strict';

/** Groups time-sorted actions into ticks of at most `tickMs` from each tick's first action. */
function ticksOf(actions, tickMs) {
  const ticks = [];
  for (const a of actions) {
    const last = ticks[ticks.length - 1];
    if (last && a.at - last.at < tickMs) last.actions.push(a);
    else ticks.push({ at: a.at, actions: [a] });
  }
  return ticks;
}

class Timings {
  constructor() {
    this.kinds = new Map();
    this.clockMs = 0;
    this.clockMoves = 0;
    this.ticks = 0;
    this.slowestTickMs = 0;
  }

  record(kind, ms, retries) {
    const k = this.kinds.get(kind) || { n: 0, ms: 0, retries: 0, max: 0 };
    k.n++;
    k.ms += ms;
    k.retries += retries;
    k.max = Math.max(k.max, ms);
    this.kinds.set(kind, k);
  }

  lines() {
    const out = [
      `  clock: ${this.clockMoves} moves, ${(this.clockMs / 1000).toFixed(1)} s in all; ${this.ticks} ticks, slowest ${(this.slowestTickMs / 1000).toFixed(1)} s`,
    ];
    for (const [kind, k] of [...this.kinds].sort((a, b) => b[1].ms - a[1].ms)) {
      out.push(
        `  ${kind.padEnd(20)} ${String(k.n).padStart(6)} calls, mean ${(k.ms / k.n).toFixed(0).padStart(5)} ms, max ${(k.max / 1000).toFixed(1).padStart(5)} s, ${k.retries} repeated while events travelled`,
      );
    }
    return out;
  }
}

/**
 * Plays `actions` through `perform(action) → retries`. `stopped()` is checked between actions so a
 * Ctrl-C ends the play after the calls under way. `onTick(at, done)` reports progress.
 */
async function play({ actions, clock, perform, tickMs, concurrency, stopped, onTick, timings }) {
  let done = 0;
  for (const tick of ticksOf(actions, tickMs)) {
    if (stopped()) return { done, stopped: true };
    const tickStart = Date.now();
    await clock.advance(tick.at);
    timings.clockMs += Date.now() - tickStart;
    timings.clockMoves++;
    const byDossier = new Map();
    for (const a of tick.actions) {
      const key = a.key || a.n;
      if (!byDossier.has(key)) byDossier.set(key, []);
      byDossier.get(key).push(a);
    }
    const chains = [...byDossier.values()];
    // Longest chains first: they bound the tick's length.
    chains.sort((x, y) => y.length - x.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, chains.length) }, async () => {
        while (next < chains.length && !stopped()) {
          for (const a of chains[next++]) {
            if (stopped()) return;
            const t0 = Date.now();
            let retries;
            try {
              retries = await perform(a);
            } catch (err) {
              if (stopped()) return; // a call cut short by Ctrl-C
              throw err;
            }
            timings.record(a.kind, Date.now() - t0, retries || 0);
            done++;
          }
        }
      }),
    );
    timings.ticks++;
    timings.slowestTickMs = Math.max(timings.slowestTickMs, Date.now() - tickStart);
    onTick(tick.at, done);
  }
  return { done, stopped: stopped() };
}

module.exports = { play, ticksOf, Timings };
