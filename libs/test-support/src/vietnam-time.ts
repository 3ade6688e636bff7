// Instants written as Viet Nam's local time (Asia/Ho_Chi_Minh, UTC+07:00 all year since 1975).

/** The instant of a local time '2026-03-04 16:59' (or '2026-03-04T16:59', or a date '2026-03-04' for midnight). */
export function vnTime(local: string): Date {
  const time = local.length <= 10 ? `${local}T00:00` : local.replace(' ', 'T');
  const d = new Date(`${time}:00+07:00`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(time) || Number.isNaN(d.getTime())) {
    throw new Error(`bad local time "${local}": expected YYYY-MM-DD HH:mm or YYYY-MM-DD`);
  }
  return d;
}
