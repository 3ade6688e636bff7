// Calendar editions by version: a dossier's step deadlines use the edition its appointed time was
// computed with, so publishing a new calendar never moves the deadlines of open cases.
import type { CalendarRegistry } from '@onestop/calendar';
import type { Calendars } from '../../application/ports';
import type { WorkingTime } from '../../domain/working-time';

export class RegistryCalendars implements Calendars {
  private readonly warned = new Set<string>();

  constructor(
    private readonly registry: CalendarRegistry,
    private readonly logger?: { warn(obj: object, msg: string): void },
  ) {}

  forVersion(version: string): WorkingTime {
    if (version && this.registry.has(version)) return this.registry.get(version);
    if (version && !this.warned.has(version)) {
      this.warned.add(version);
      this.logger?.warn(
        { calendarVersion: version, using: this.registry.current.version },
        'calendar edition not loaded; using the current one',
      );
    }
    return this.registry.current;
  }
}
