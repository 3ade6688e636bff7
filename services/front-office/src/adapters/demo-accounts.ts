// Demo accounts for trying the platform on a developer's machine (seeded only when DEMO_ACCOUNTS
// is set, refused in production). Today's map first — Cổ Lễ commune's public administrative
// service centre and its departments, where `npm start` receives dossiers — then the 2020
// district's, which only work on a platform reading the 2020 map (intake's MAP_AS_OF=2020-06-01).
import type { StaffUser } from './accounts';

export type DemoAccount = StaffUser & { password: string };

/** Today's map (from 1 July 2025; services/intake/data/units.json): xã Cổ Lễ, Ninh Bình. */
export const DEMO_ACCOUNTS_TODAY: DemoAccount[] = [
  { username: 'motcua.cole', displayName: 'Đỗ Thị Hoa', role: 'desk_officer', unitCode: 'XCOLE', password: 'motcua-cole-demo-2026' },
  { username: 'lanhdao.cole-kt', displayName: 'Vũ Minh Tuấn', role: 'leader', unitCode: 'XCOLE-KT', password: 'lanhdao-cole-demo-2026' },
  {
    username: 'chuyenvien.cole-kt',
    displayName: 'Hoàng Thị Lan',
    role: 'specialist',
    unitCode: 'XCOLE-KT',
    password: 'chuyenvien-cole-demo-2026',
  },
  { username: 'buudien.cole', displayName: 'Phan Văn Đức', role: 'postal_worker', unitCode: 'XCOLE', password: 'buudien-cole-demo-2026' },
  { username: 'lanhdao.cole', displayName: 'Trịnh Văn Khoa', role: 'leader', unitCode: 'XCOLE', password: 'lanhdao-xa-demo-2026' },
];

/** The 2020 map (Trực Ninh district, dissolved on 1 July 2025): history, for MAP_AS_OF=2020-06-01. */
export const DEMO_ACCOUNTS_2020: DemoAccount[] = [
  { username: 'motcua01', displayName: 'Trần Thị Mai', role: 'desk_officer', unitCode: 'TRUCNINH', password: 'motcua-demo-2026' },
  { username: 'lanhdao.tckh', displayName: 'Phạm Văn Hùng', role: 'leader', unitCode: 'TCKH', password: 'lanhdao-demo-2026' },
  { username: 'chuyenvien.tckh', displayName: 'Lê Thu Hà', role: 'specialist', unitCode: 'TCKH', password: 'chuyenvien-demo-2026' },
  { username: 'buudien01', displayName: 'Hoàng Văn Nam', role: 'postal_worker', unitCode: 'TRUCNINH', password: 'buudien-demo-2026' },
  { username: 'lanhdao.huyen', displayName: 'Nguyễn Đức Thắng', role: 'leader', unitCode: 'TRUCNINH', password: 'lanhdaohuyen-demo-2026' },
];

export const DEMO_ACCOUNTS: DemoAccount[] = [...DEMO_ACCOUNTS_TODAY, ...DEMO_ACCOUNTS_2020];

const ROLE_NAMES: Record<StaffUser['role'], string> = {
  desk_officer: 'desk officer',
  specialist: 'specialist',
  leader: 'leader',
  auditor: 'auditor',
  it_admin: 'IT admin',
  postal_worker: 'postal worker',
};

const line = (a: DemoAccount) => `    ${a.username.padEnd(20)} ${a.password.padEnd(26)} ${ROLE_NAMES[a.role]}, ${a.unitCode}`;

/** What `npm start` prints under the front office's address: today's accounts first, the 2020 ones as history. */
export function demoAccountLines(): string[] {
  return [
    '  Today’s map (xã Cổ Lễ, Ninh Bình; sign in with motcua.cole to receive a dossier):',
    ...DEMO_ACCOUNTS_TODAY.map(line),
    '  History — the 2020 map (Trực Ninh district, dissolved 1 July 2025; refused at receipt unless intake runs with MAP_AS_OF=2020-06-01):',
    ...DEMO_ACCOUNTS_2020.map(line),
  ];
}
