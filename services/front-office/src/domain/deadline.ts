// Time left to a deadline, counted in working hours (office hours on working days), and how urgent
// it is: on time, due soon (within the lead processing uses for its DueSoon timer), overdue.
// Pure: the caller passes the calendar's working-hours count.

export type Urgency = 'on_time' | 'due_soon' | 'overdue' | 'paused';

export interface TimeLeft {
  urgency: Urgency;
  /** Working hours left (negative once overdue), rounded to a tenth. */
  workingHours: number;
  /** In Vietnamese, e.g. "Còn 2 ngày 3 giờ làm việc", "Quá hạn 5 giờ làm việc". */
  text: string;
}

const HOURS_PER_DAY = 8;

/** "2 ngày 3 giờ", "45 phút" — working days of 8 office hours. */
export function workingDuration(hours: number): string {
  const totalMinutes = Math.round(Math.abs(hours) * 60);
  const days = Math.floor(totalMinutes / (HOURS_PER_DAY * 60));
  const h = Math.floor((totalMinutes - days * HOURS_PER_DAY * 60) / 60);
  const m = totalMinutes % 60;
  const parts = [days ? `${days} ngày` : '', h ? `${h} giờ` : '', !days && m ? `${m} phút` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 phút';
}

/**
 * `hoursUntilDue` is the working hours from now to the deadline (negative when it has passed);
 * `paused` when the clock is stopped (waiting for the citizen, payment, another agency).
 */
export function timeLeft(hoursUntilDue: number, leadWorkingHours: number, paused = false): TimeLeft {
  const workingHours = Math.round(hoursUntilDue * 10) / 10;
  if (paused) {
    return { urgency: 'paused', workingHours, text: `Tạm dừng tính thời hạn; còn ${workingDuration(hoursUntilDue)} làm việc khi tiếp tục` };
  }
  if (hoursUntilDue < 0) return { urgency: 'overdue', workingHours, text: `Quá hạn ${workingDuration(hoursUntilDue)} làm việc` };
  if (hoursUntilDue <= leadWorkingHours) {
    return { urgency: 'due_soon', workingHours, text: `Sắp đến hạn: còn ${workingDuration(hoursUntilDue)} làm việc` };
  }
  return { urgency: 'on_time', workingHours, text: `Trong hạn: còn ${workingDuration(hoursUntilDue)} làm việc` };
}
