// The columns of Biểu II.06a as exported (CSV and XLSX share them), plus the figures shown apart.
import type { ReportCounts } from '../../domain/official-report';

export interface CountColumn {
  /** Column number on the official form (3..13), or null for the figures shown apart. */
  no: number | null;
  title: string;
  value: (c: ReportCounts) => number;
}

export const FORM_COLUMNS: CountColumn[] = [
  { no: 3, title: 'Tiếp nhận: tổng số', value: (c) => c.received },
  { no: 4, title: 'Trong đó: trực tuyến', value: (c) => c.online },
  { no: 5, title: 'Trong đó: trực tiếp, dịch vụ bưu chính', value: (c) => c.counterOrPostal },
  { no: 6, title: 'Từ kỳ trước', value: (c) => c.carriedOver },
  { no: 7, title: 'Đã giải quyết: tổng số', value: (c) => c.resolved },
  { no: 8, title: 'Trước hạn', value: (c) => c.early },
  { no: 9, title: 'Đúng hạn', value: (c) => c.onTime },
  { no: 10, title: 'Quá hạn', value: (c) => c.late },
  { no: 11, title: 'Đang giải quyết: tổng số', value: (c) => c.inProgress },
  { no: 12, title: 'Trong hạn', value: (c) => c.withinTime },
  { no: 13, title: 'Quá hạn', value: (c) => c.overdue },
];

/** Shown apart from the form: col 3 = col 7 + col 11 + "kết thúc khác". */
export const APART_COLUMNS: CountColumn[] = [
  { no: null, title: 'Kết thúc khác (closed otherwise)', value: (c) => c.closedOtherwise },
  { no: null, title: 'Trong đó: rút hồ sơ (withdrawn)', value: (c) => c.withdrawn },
  { no: null, title: 'Trong đó: dừng xử lý (stopped)', value: (c) => c.stopped },
  { no: null, title: 'Từ chối tiếp nhận (refused at reception)', value: (c) => c.refusedAtReception },
];

export const GROUPING_TITLES = {
  field: 'Lĩnh vực (field)',
  agency: 'Cơ quan (agency)',
  unit: 'Đơn vị (commune / unit)',
  level: 'Cấp (level)',
  procedure: 'Thủ tục hành chính (procedure)',
} as const;

export const TOTAL_LABEL = 'Tổng cộng (total)';

/** dd/mm/yyyy as on Vietnamese official forms, from YYYY-MM-DD. */
export function formDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}
