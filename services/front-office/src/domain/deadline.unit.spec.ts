import { timeLeft, workingDuration } from './deadline';

describe('time left in working hours', () => {
  it('writes working days of eight office hours, hours and minutes', () => {
    expect(workingDuration(19)).toBe('2 ngày 3 giờ');
    expect(workingDuration(0.75)).toBe('45 phút');
    expect(workingDuration(-8)).toBe('1 ngày');
    expect(workingDuration(0)).toBe('0 phút');
  });

  it('is on time, due soon within the lead, overdue past the deadline', () => {
    expect(timeLeft(20, 8)).toEqual({ urgency: 'on_time', workingHours: 20, text: 'Trong hạn: còn 2 ngày 4 giờ làm việc' });
    expect(timeLeft(8, 8).urgency).toBe('due_soon');
    expect(timeLeft(1.5, 8).text).toBe('Sắp đến hạn: còn 1 giờ 30 phút làm việc');
    expect(timeLeft(-3, 8)).toEqual({ urgency: 'overdue', workingHours: -3, text: 'Quá hạn 3 giờ làm việc' });
  });

  it('says when the clock is stopped', () => {
    expect(timeLeft(10, 8, true).urgency).toBe('paused');
  });
});
