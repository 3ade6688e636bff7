// Progress of the played months: a bar redrawn in place on a terminal (days played, dossiers,
// rate), plain lines (every tenth working day) otherwise.
'use strict';

class Progress {
  constructor({ days, total, tty }) {
    Object.assign(this, { days, total, tty });
    this.started = Date.now();
    this.lastDay = -1;
  }

  update(at, dossiers) {
    const date = new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const day = this.days.filter((d) => d <= date).length;
    const secs = Math.max((Date.now() - this.started) / 1000, 0.001);
    const line = `${date}  day ${day}/${this.days.length}  dossiers ${dossiers}/${this.total}  ${(dossiers / secs).toFixed(1)} dossiers/s`;
    if (this.tty) {
      const width = 30;
      const filled = Math.round((width * day) / this.days.length);
      process.stdout.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${line}   `);
    } else if (Math.floor(day / 10) !== Math.floor(this.lastDay / 10)) {
      process.stdout.write(`${line}\n`);
    }
    this.lastDay = day;
  }

  done(dossiers, seconds) {
    if (this.tty) process.stdout.write('\n');
    process.stdout.write(`played ${this.days.length} working days, ${dossiers} dossiers in ${Math.round(seconds)} s\n`);
  }
}

module.exports = { Progress };
