// Biểu II.06a as an XLSX workbook laid out like the official form: form number, title, period,
// unit of count, the three header rows with the numbered columns (1)..(13), one row per group, the
// total; the figures shown apart to the right; a second sheet with the period statistics.
import ExcelJS from 'exceljs';
import type { OfficialReport } from '../../domain/official-report';
import type { PeriodStatistics } from '../../domain/statistics';
import { vietnamDateTime } from '../../domain/period';
import { APART_COLUMNS, FORM_COLUMNS, GROUPING_TITLES, TOTAL_LABEL, formDate } from './report-columns';

export interface XlsxReportMeta {
  /** Đơn vị báo cáo — the reporting body, e.g. "UBND huyện Trực Ninh". */
  reportingBody: string;
  generatedAt: Date;
  /** Set for an as-of report: the figures as known at this instant. */
  asOf: Date | null;
}

const LAST_FORM_COL = 13;
const FIRST_APART_COL = LAST_FORM_COL + 2;
const HEADER_TOP = 6;
const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

function box(cell: ExcelJS.Cell, bold = false): void {
  cell.border = BORDER;
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  if (bold) cell.font = { bold: true };
}

function merged(ws: ExcelJS.Worksheet, top: number, left: number, bottom: number, right: number, text: string): void {
  if (top !== bottom || left !== right) ws.mergeCells(top, left, bottom, right);
  const cell = ws.getCell(top, left);
  cell.value = text;
  for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) box(ws.getCell(r, c), true);
}

function writeTitle(ws: ExcelJS.Worksheet, report: OfficialReport, meta: XlsxReportMeta): void {
  ws.mergeCells(1, 1, 1, 6);
  ws.getCell(1, 1).value = `Đơn vị báo cáo: ${meta.reportingBody}`;
  ws.mergeCells(1, 10, 1, LAST_FORM_COL);
  ws.getCell(1, 10).value = 'Biểu số II.06a';
  ws.getCell(1, 10).alignment = { horizontal: 'right' };
  ws.getCell(1, 10).font = { bold: true };
  ws.mergeCells(2, 1, 2, LAST_FORM_COL);
  ws.getCell(2, 1).value = 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH';
  ws.getCell(2, 1).font = { bold: true, size: 14 };
  ws.getCell(2, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(3, 1, 3, LAST_FORM_COL);
  ws.getCell(3, 1).value = `Kỳ báo cáo: từ ngày ${formDate(report.period.from)} đến ngày ${formDate(report.period.to)}`;
  ws.getCell(3, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(4, 1, 4, LAST_FORM_COL);
  ws.getCell(4, 1).value = meta.asOf ? `Số liệu tính đến (as of): ${vietnamDateTime(meta.asOf)}` : '';
  ws.getCell(4, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(5, 10, 5, LAST_FORM_COL);
  ws.getCell(5, 10).value = 'Đơn vị tính: Số hồ sơ TTHC';
  ws.getCell(5, 10).alignment = { horizontal: 'right' };
}

function writeHeader(ws: ExcelJS.Worksheet, report: OfficialReport): void {
  const [r1, r2, r3, r4] = [HEADER_TOP, HEADER_TOP + 1, HEADER_TOP + 2, HEADER_TOP + 3];
  merged(ws, r1, 1, r3, 1, 'TT');
  merged(ws, r1, 2, r3, 2, `Lĩnh vực, công việc giải quyết theo cấp — ${GROUPING_TITLES[report.grouping]}`);
  merged(ws, r1, 3, r1, 6, 'Số hồ sơ nhận giải quyết');
  merged(ws, r1, 7, r1, LAST_FORM_COL, 'Kết quả giải quyết');
  merged(ws, r2, 3, r3, 3, 'Tổng số');
  merged(ws, r2, 4, r2, 6, 'Trong đó');
  merged(ws, r2, 7, r2, 10, 'Số hồ sơ đã giải quyết');
  merged(ws, r2, 11, r2, LAST_FORM_COL, 'Số hồ sơ đang giải quyết');
  const third = [
    'Số mới tiếp nhận trực tuyến',
    'Số mới tiếp nhận trực tiếp, dịch vụ bưu chính',
    'Từ kỳ trước',
    'Tổng số',
    'Trước hạn',
    'Đúng hạn',
    'Quá hạn',
    'Tổng số',
    'Trong hạn',
    'Quá hạn',
  ];
  third.forEach((text, i) => merged(ws, r3, 4 + i, r3, 4 + i, text));
  for (let c = 1; c <= LAST_FORM_COL; c++) merged(ws, r4, c, r4, c, `(${c})`);
  merged(ws, r1, FIRST_APART_COL, r1, FIRST_APART_COL + APART_COLUMNS.length - 1, 'Ngoài biểu (shown apart)');
  APART_COLUMNS.forEach((col, i) => merged(ws, r2, FIRST_APART_COL + i, r4, FIRST_APART_COL + i, col.title));
}

function writeRow(
  ws: ExcelJS.Worksheet,
  rowNo: number,
  no: number | string,
  label: string,
  counts: OfficialReport['total'],
  bold: boolean,
): void {
  const values: (string | number)[] = [no, label, ...FORM_COLUMNS.map((c) => c.value(counts))];
  values.forEach((v, i) => {
    const cell = ws.getCell(rowNo, i + 1);
    cell.value = v;
    box(cell, bold);
    if (i === 1) cell.alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };
  });
  APART_COLUMNS.forEach((col, i) => {
    const cell = ws.getCell(rowNo, FIRST_APART_COL + i);
    cell.value = col.value(counts);
    box(cell, bold);
  });
}

function writeFormSheet(wb: ExcelJS.Workbook, report: OfficialReport, meta: XlsxReportMeta): void {
  const ws = wb.addWorksheet('Biểu II.06a', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1 } });
  ws.columns = [
    { width: 6 },
    { width: 38 },
    ...Array.from({ length: 11 }, () => ({ width: 12 })),
    { width: 3 },
    ...APART_COLUMNS.map(() => ({ width: 16 })),
  ];
  writeTitle(ws, report, meta);
  writeHeader(ws, report);
  let rowNo = HEADER_TOP + 4;
  for (const r of report.rows) writeRow(ws, rowNo++, r.no, r.label, r, false);
  writeRow(ws, rowNo++, '', TOTAL_LABEL, report.total, true);
  ws.getCell(rowNo + 1, 2).value = `Lập lúc (generated): ${vietnamDateTime(meta.generatedAt)}`;
}

function writeStatisticsSheet(wb: ExcelJS.Workbook, s: PeriodStatistics): void {
  const ws = wb.addWorksheet('Thống kê (statistics)');
  ws.columns = [{ width: 44 }, { width: 40 }, { width: 14 }, { width: 16 }];
  const add = (...values: (string | number | null)[]) => ws.addRow(values);
  const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  add('Kênh tiếp nhận (channel)', '', 'Hồ sơ', 'Tỷ lệ').font = { bold: true };
  for (const c of s.channels) add(c.channel, '', c.received, percent(c.share));
  add();
  add('Tỷ lệ đúng hạn (on-time rate: early + on time / resolved)', '', s.resolved, percent(s.onTimeRate));
  add('Phiếu xin lỗi (apologies, Form 04)', '', s.apologies, `${s.dossiersApologised} hồ sơ`);
  add('Hồ sơ yêu cầu bổ sung quá 1 lần (more than one supplement request)', '', s.moreThanOneSupplementRequest, '');
  add();
  add('Thời gian giải quyết trung bình (average processing time)', 'Thủ tục', 'Đã giải quyết', 'Giờ làm việc').font = { bold: true };
  for (const p of s.processingTime) add(p.procedureCode, p.procedureName, p.resolved, Number(p.averageWorkingHours.toFixed(2)));
  add();
  add('Mức độ hài lòng (satisfaction by criterion)', '', 'Lượt đánh giá', 'Điểm trung bình').font = { bold: true };
  for (const c of s.satisfaction) add(c.criterion, `1..5: ${c.distribution.join(' / ')}`, c.evaluations, Number(c.averageScore.toFixed(2)));
}

export async function officialReportXlsx(report: OfficialReport, statistics: PeriodStatistics, meta: XlsxReportMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'onestop reporting';
  wb.created = meta.generatedAt;
  writeFormSheet(wb, report, meta);
  writeStatisticsSheet(wb, statistics);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
