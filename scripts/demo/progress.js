// Progress of the played months: a bar redrawn in place on a terminal (simulated date, working
// days played, dossiers, rate, ETA), plain lines otherwise (every tenth working day, and at least
// every 30 s of real time).
'use strict';

const fmtSeconds = (s) => {
  if (!Number.isFinite(s) || s < 0) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
};

class Progress {
  constructor({ days, total, actions, tty, out = process.stdout }) {
    Object.assign(this, { days, total, actions, tty, out });
    this.started = Date.now();
    this.lastDay = -1;
    this.lastLine = 0;
    this.drawn = false;
  }

  /** `at`: the simulated instant reached; `dossiers`: dossiers acknowledged; `done`: actions done. */
  update(at, dossiers, done) {
    const date = new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const day = this.days.filter((d) => d <= date).length;
    const secs = Math.max((Date.now() - this.started) / 1000, 0.001);
    const eta = done > 0 ? (secs * (this.actions - done)) / done : NaN;
    const line =
      `${date}  day ${day}/${this.days.length}  dossiers ${dossiers}/${this.total}  ` +
      `${(dossiers / secs).toFixed(1)} dossiers/s  elapsed ${fmtSeconds(secs)}  ETA ${fmtSeconds(eta)}`;
    if (this.tty) {
      const width = 30;
      const filled = Math.round((width * done) / Math.max(this.actions, 1));
      this.out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${line}\x1b[K`);
      this.drawn = true;
    } else if (Math.floor(day / 10) !== Math.floor(this.lastDay / 10) || Date.now() - this.lastLine > 30_000) {
      this.out.write(`${line}\n`);
      this.lastLine = Date.now();
    }
    this.lastDay = day;
  }

  /** Ends the bar's line so that other output starts on a fresh one. */
  interrupt() {
    if (this.tty && this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  done(dossiers, seconds) {
    this.interrupt();
    this.out.write(`played ${this.days.length} working days, ${dossiers} dossiers in ${fmtSeconds(seconds)}\n`);
  }
}

module.exports = { Progress, fmtSeconds };
