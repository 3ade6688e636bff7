import ExcelJS from 'exceljs';
import { officialReport } from '../../domain/official-report';
import { periodOrThrow } from '../../domain/period';
import { StatisticsBuilder } from '../../domain/statistics';
import { dossier, vn } from '../../testing/facts.spec';
import { officialReportCsv } from './report-csv';
import { officialReportXlsx } from './report-xlsx';

const period = periodOrThrow('2020-01-01', '2020-09-30');
const dossiers = [
  dossier('A', { channel: 'online', received: '2020-02-03 09:00', due: '2020-02-05 17:00', ended: '2020-02-04 10:00' }),
  dossier('B', { field: 'TP, "hộ tịch"', received: '2019-12-20 08:00', due: '2020-01-10 17:00' }),
  dossier('C', { received: '2020-03-01 08:00', due: '2020-03-05 17:00', ended: '2020-03-02 08:00', endKind: 'withdrawn' }),
];
const report = officialReport(dossiers, period, 'field', vn('2021-01-01 00:00'));

describe('Biểu II.06a as CSV', () => {
  const csv = officialReportCsv(report);
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n');

  it('starts with a byte-order mark and has the numbered columns', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0].split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)).toEqual([
      'TT (1)',
      'Lĩnh vực (field) (2)',
      'Mã (code)',
      'Tiếp nhận: tổng số (3)',
      'Trong đó: trực tuyến (4)',
      '"Trong đó: trực tiếp, dịch vụ bưu chính (5)"',
      'Từ kỳ trước (6)',
      'Đã giải quyết: tổng số (7)',
      'Trước hạn (8)',
      'Đúng hạn (9)',
      'Quá hạn (10)',
      'Đang giải quyết: tổng số (11)',
      'Trong hạn (12)',
      'Quá hạn (13)',
      'Kết thúc khác (closed otherwise)',
      'Trong đó: rút hồ sơ (withdrawn)',
      'Trong đó: dừng xử lý (stopped)',
      'Từ chối tiếp nhận (refused at reception)',
    ]);
  });

  it('has one quoted-as-needed line per field and the total', () => {
    expect(lines.slice(1)).toEqual([
      '1,Tư pháp,TP,2,1,1,0,1,1,0,0,0,0,0,1,1,0,0',
      '2,"TP, ""hộ tịch""","TP, ""hộ tịch""",1,0,0,1,0,0,0,0,1,0,1,0,0,0,0',
      ',Tổng cộng (total),,3,1,1,1,1,1,0,0,1,0,1,1,1,0,0',
      '',
    ]);
  });
});

describe('Biểu II.06a as XLSX', () => {
  it('lays out the official form with title, period, numbered columns, rows and total', async () => {
    const statistics = new StatisticsBuilder(period, vn('2021-01-01 00:00'), () => 8);
    dossiers.forEach((d) =>
      statistics.add({ ...d, clockStartedAt: null, waitedWorkingHours: 0, supplementRequests: [], apologies: [], satisfaction: [] }),
    );
    const buffer = await officialReportXlsx(report, statistics.build(), {
      reportingBody: 'UBND huyện Trực Ninh',
      generatedAt: vn('2020-10-02 09:00'),
      asOf: vn('2020-10-01 00:00'),
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Biểu II.06a') as ExcelJS.Worksheet;
    expect(ws.getCell('A1').value).toBe('Đơn vị báo cáo: UBND huyện Trực Ninh');
    expect(ws.getCell('J1').value).toBe('Biểu số II.06a');
    expect(ws.getCell('A2').value).toBe('TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
    expect(ws.getCell('A3').value).toBe('Kỳ báo cáo: từ ngày 01/01/2020 đến ngày 30/09/2020');
    expect(ws.getCell('A4').value).toBe('Số liệu tính đến (as of): 2020-10-01 00:00');
    expect(ws.getCell('C6').value).toBe('Số hồ sơ nhận giải quyết');
    expect(ws.getCell('G6').value).toBe('Kết quả giải quyết');
    expect(ws.getCell('G7').value).toBe('Số hồ sơ đã giải quyết');
    expect(ws.getCell('K8').value).toBe('Tổng số');
    expect([...Array(13).keys()].map((i) => ws.getCell(9, i + 1).value)).toEqual([...Array(13).keys()].map((i) => `(${i + 1})`));
    const row = (r: number) => [...Array(13).keys()].map((i) => ws.getCell(r, i + 1).value);
    expect(row(10)).toEqual([1, 'Tư pháp', 2, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0]);
    expect(row(11)).toEqual([2, 'TP, "hộ tịch"', 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1]);
    expect(row(12)).toEqual(['', 'Tổng cộng (total)', 3, 1, 1, 1, 1, 1, 0, 0, 1, 0, 1]);
    expect(ws.getCell(12, 15).value).toBe(1); // closed otherwise, shown apart
    expect(ws.getCell(12, 16).value).toBe(1); // of which withdrawn
    const stats = wb.getWorksheet('Thống kê (statistics)') as ExcelJS.Worksheet;
    expect(stats.getCell('A2').value).toBe('counter');
    expect(stats.getCell('C3').value).toBe(1);
  });
});
