/// <reference lib="dom" />
// The front office as people use it, in Debian's Chromium against the running services: the
// reception flow with the keyboard alone, a dossier's whole life by clicking (desk → agency
// leader and specialist with a supplement → desk return and rating → citizen page → dashboard),
// inline messages for bad input, a clear message when a service is down with nothing typed lost,
// no serious or critical axe violations, and a screenshot of each page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, screenshot, seriousViolations, startWithBrowser } from './support/browser';
import { itWithDiagnostics } from './support/diagnostics';
import { type Platform, startPlatform } from './support/platform';
import { submitOnline } from './support/portal';
import { lookUpUntil, openAtReturnDesk, openPage, PHONE } from './support/steps';

jest.setTimeout(300_000);

const DESK = { username: 'motcua01', password: 'motcua-demo-2026' };
const LEADER = { username: 'lanhdao.tckh', password: 'lanhdao-demo-2026' };
const SPECIALIST = { username: 'chuyenvien.tckh', password: 'chuyenvien-demo-2026' };
const DISTRICT_LEADER = { username: 'lanhdao.huyen', password: 'lanhdaohuyen-demo-2026' };
const POSTAL_WORKER = { username: 'buudien01', password: 'buudien-demo-2026' };
const OTHER_UNIT_POSTAL_WORKER = { username: 'buudien.cole', password: 'buudien-cole-demo-2026' }; // XCOLE
const ID_NUMBER = '036090001234';

describe('the front office in a browser', () => {
  let platform: Platform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** jest's `it`, printing the services' recent warnings and errors when a test fails (CI keeps no logs). */
  const it = itWithDiagnostics(() => platform?.diagnostics());
  let dossierCode = '';

  const pageAs = (who?: { username: string; password: string }, viewport?: { width: number; height: number }) =>
    openPage(browser, contexts, platform.url, who, viewport);

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    [platform, browser] = await startWithBrowser(
      startPlatform(['intake', 'processing', 'reporting', 'postal-simulator', 'postal-delivery', 'front-office']),
    );
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await platform?.stopAll();
  });

  it('signs in and receives a dossier at the desk with the keyboard alone (Form 01)', async () => {
    const page = await pageAs();
    await page.goto(`${platform.url}/dang-nhap`);
    await expectAccessible(page);
    await screenshot(page, '01-dang-nhap');

    const press = async (key: string, times = 1) => {
      for (let i = 0; i < times; i++) await page.keyboard.press(key);
    };
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

    // a wrong password is named inline, and focus returns to the password
    await press('Tab');
    expect(await focused()).toBe('username');
    await page.keyboard.type(DESK.username);
    await press('Tab');
    await page.keyboard.type('sai-mat-khau');
    await press('Enter');
    await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng').first().waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'password');
    await press('Control+A');
    await page.keyboard.type(DESK.password);
    await press('Enter');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();

    // the skip link leads past the navigation to the search; type without diacritics
    await press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua điều hướng');
    await press('Enter');
    await press('Tab');
    expect(await focused()).toBe('procedure-search');
    await page.keyboard.type('thanh lap ho kinh doanh');
    await page.getByText('Chọn thủ tục (1 kết quả)').waitFor(); // only the one procedure matches
    await press('Tab');
    await press('Space');
    await page.getByRole('heading', { name: /Thành phần hồ sơ: Đăng ký thành lập hộ kinh doanh/ }).waitFor();

    // Enter in the search submits with nothing typed: each missing field is named inline, and
    // focus goes to the first
    await press('Shift+Tab');
    await press('Enter');
    await page.getByText('Họ và tên người nộp: bắt buộc').waitFor();
    await page.getByText(/Số CCCD\/định danh: gồm 12 chữ số/).waitFor();
    await page.getByText('Địa chỉ: bắt buộc').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'fullName');

    await page.keyboard.type('Nguyễn Thị Hoa');
    await press('Tab');
    await page.keyboard.type(ID_NUMBER);
    await press('Tab');
    await page.keyboard.type('0912345678');
    await press('Tab', 2);
    expect(await focused()).toBe('address');
    await page.keyboard.type('Thôn Đông, xã Trực Chính, huyện Trực Ninh');

    // back up to the checklist (checkbox, form, count per row) and tick both components
    await press('Shift+Tab', 7);
    expect(await focused()).toBe('doc-CCCD');
    await press('Space');
    await press('Shift+Tab', 3);
    expect(await focused()).toBe('doc-GIAYDK');
    await press('Space');
    expect(await page.getByRole('checkbox', { name: /Căn cước công dân/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /Giấy đề nghị/ }).isChecked()).toBe(true);
    await press('Tab', 6);
    expect(await focused()).toBe('fullName');
    await press('Enter');

    const code = page.getByTestId('dossier-code');
    await code.waitFor();
    dossierCode = (await code.textContent())!.trim();
    expect(dossierCode).toMatch(/^TRUCNINH-\d{6}-\d{4}$/);
    await page.getByText('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ').waitFor();
    expect(await page.getByTestId('due-at').textContent()).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    // the receipt carries a QR code of the citizen page's link for this dossier
    const qr = page.getByTestId('tracking-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('alt')).toContain(`${platform.url}/tra-cuu?ma=${encodeURIComponent(dossierCode)}`);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await expectAccessible(page);
    await screenshot(page, '03-mau-01-giay-tiep-nhan');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').isVisible()).toBe(false); // the print stylesheet shows the form alone
    expect(await qr.isVisible()).toBe(true);
    await screenshot(page, '03b-mau-01-ban-in');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
  });

  it('guides an incomplete dossier (Form 02) and refuses one outside the desk’s scope (Form 03)', async () => {
    const page = await pageAs(DESK);
    await page.goto(`${platform.url}/tiep-nhan`);
    await page.getByLabel(/Tìm thủ tục/).fill('ho kinh doanh');
    await page.getByRole('radio', { name: /Đăng ký thành lập hộ kinh doanh/ }).check();
    await page.getByRole('heading', { name: /Thành phần hồ sơ/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, '02-tiep-nhan');
    await page.getByRole('checkbox', { name: /Giấy đề nghị/ }).check();
    await page.getByLabel(/Họ và tên/).fill('Trần Văn Bình');
    await page.getByLabel(/Số CCCD/).fill('036090005678');
    await page.getByLabel('Địa chỉ *').fill('Xã Trực Đạo');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.getByText('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ').waitFor();
    const problem = page.locator('.problems li', { hasText: 'Căn cước công dân' });
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/Chưa nộp; cần 1 bản sao/); // intake's finding, in Vietnamese
    expect(await page.locator('article.paper').innerText()).not.toMatch(/missing|required|given/);
    await expectAccessible(page);
    await screenshot(page, '04-mau-02-huong-dan');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, '04b-mau-02-ban-in');
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ mới' }).click();
    await page.getByLabel(/Tìm thủ tục/).fill('khai sinh');
    await page.getByRole('radio', { name: /Đăng ký khai sinh/ }).check();
    await page.getByRole('heading', { name: /Thành phần hồ sơ/ }).waitFor();
    for (const box of await page.getByRole('checkbox').all()) await box.check();
    await page.getByLabel(/Họ và tên/).fill('Lê Văn Cường');
    await page.getByLabel(/Số CCCD/).fill('036090009999');
    await page.getByLabel('Địa chỉ *').fill('Thị trấn Cổ Lễ');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.getByText('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ').waitFor();
    const reason = (await page.getByTestId('refusal-reason').textContent()) ?? '';
    expect(reason).toMatch(/thuộc thẩm quyền giải quyết cấp xã/);
    expect(reason).not.toMatch(/procedure|please|level/);
    await expectAccessible(page);
    await screenshot(page, '05-mau-03-tu-choi');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, '05b-mau-03-ban-in');
    await page.emulateMedia({ media: 'screen' });
  });

  it('takes the dossier through the agency with a supplement, back to the desk, returned and rated', async () => {
    expect(dossierCode).not.toBe('');
    const openCase = async (page: Page, queueLabel: string) => {
      await page.goto(`${platform.url}/xu-ly`);
      await page.getByRole('button', { name: queueLabel }).click();
      await eventually(`${dossierCode} in “${queueLabel}”`, async () => {
        if (await page.getByRole('link', { name: dossierCode }).isVisible()) return true;
        await page.getByRole('button', { name: 'Đang xử lý' }).click();
        await page.getByRole('button', { name: queueLabel }).click();
        await page.waitForLoadState('networkidle');
        return page.getByRole('link', { name: dossierCode }).isVisible();
      });
      await page.getByRole('link', { name: dossierCode }).click();
      await page.getByRole('heading', { name: `Hồ sơ ${dossierCode}` }).waitFor();
    };

    // the agency's leader assigns it
    const leader = await pageAs(LEADER);
    await openCase(leader, 'Mới, chưa phân công');
    // the time left to the deadline in working hours, coloured as on time
    const left = leader.getByTestId('time-left');
    expect(await left.getAttribute('data-urgency')).toBe('on_time');
    expect(await left.textContent()).toMatch(/Trong hạn: còn .*(ngày|giờ).* làm việc/);
    await screenshot(leader, '07-xu-ly-ho-so-phan-cong');
    await expectAccessible(leader);
    // only the actions a leader may take at the assignment step
    expect(await leader.getByRole('button', { name: 'Hoàn thành bước' }).count()).toBe(0);
    await leader.getByLabel('Chuyên viên thụ lý').selectOption('chuyenvien.tckh');
    await leader.getByRole('button', { name: 'Phân công' }).click();
    await leader.getByText('Đã phân công chuyên viên thụ lý.').waitFor();

    // the specialist asks for a supplement
    const specialist = await pageAs(SPECIALIST);
    await specialist.goto(`${platform.url}/xu-ly`);
    await specialist.getByRole('link', { name: dossierCode }).waitFor();
    await expectAccessible(specialist);
    await screenshot(specialist, '06-hang-doi-xu-ly');
    await specialist.getByRole('link', { name: dossierCode }).click();
    await specialist.getByRole('button', { name: 'Gửi yêu cầu bổ sung' }).click();
    await specialist.getByText('Giấy tờ cần bổ sung: chọn ít nhất một').waitFor(); // nothing chosen: named inline
    await specialist.getByRole('checkbox', { name: /Căn cước công dân/ }).check();
    await specialist.getByLabel(/Nội dung cần bổ sung/).fill('Bản sao căn cước bị mờ, cần bản rõ nét');
    await specialist.getByRole('button', { name: 'Gửi yêu cầu bổ sung' }).click();
    await specialist.getByTestId('case-status').filter({ hasText: 'Yêu cầu bổ sung giấy tờ' }).waitFor();

    // the desk records what the citizen brought
    const desk = await pageAs(DESK);
    await desk.goto(`${platform.url}/tra-ket-qua`);
    await openAtReturnDesk(desk, dossierCode, 'Yêu cầu bổ sung giấy tờ');
    await desk.getByRole('checkbox', { name: /Căn cước công dân/ }).check();
    await desk.getByRole('button', { name: 'Nhận hồ sơ bổ sung' }).click();
    await desk.getByText('Đã nhận hồ sơ bổ sung').waitFor();

    // the specialist completes the appraisal once processing resumed
    await eventually('processing to resume the case', async () => {
      await specialist.reload();
      await specialist.getByTestId('case-status').waitFor();
      const seen = (await specialist.getByTestId('case-status').textContent()) ?? '';
      return { done: await specialist.getByRole('button', { name: 'Hoàn thành bước' }).isVisible(), seen };
    });
    await specialist.getByLabel('Ý kiến').fill('Hồ sơ đủ điều kiện');
    await specialist.getByRole('button', { name: 'Hoàn thành bước' }).click();
    await specialist.getByText('Đã hoàn thành bước').waitFor();
    expect(await specialist.getByRole('button', { name: 'Hoàn thành bước' }).count()).toBe(0); // the leader's step now

    // the leader approves and issues the result
    await leader.reload();
    await leader.getByRole('button', { name: 'Hoàn thành bước' }).click();
    await leader.getByText('Đã hoàn thành bước').waitFor();
    await leader.getByRole('button', { name: 'Ban hành kết quả' }).click();
    await leader.getByText('Kết quả giải quyết: bắt buộc').first().waitFor();
    await leader.getByLabel(/Kết quả giải quyết/).fill('Giấy chứng nhận đăng ký hộ kinh doanh');
    await leader.getByLabel('Số văn bản').fill('07A8001234');
    await leader.getByRole('button', { name: 'Ban hành kết quả' }).click();
    await leader.getByTestId('case-status').filter({ hasText: 'Đã xử lý xong' }).waitFor();
    expect(await leader.locator('#form05 + table tbody tr').count()).toBeGreaterThanOrEqual(3);
    await screenshot(leader, '08-ho-so-mau-05');

    // the desk returns it and records the citizen's satisfaction
    await openAtReturnDesk(desk, dossierCode, 'Đã xử lý xong');
    await expectAccessible(desk);
    await screenshot(desk, '09-tra-ket-qua');
    await desk.getByRole('button', { name: 'Trả kết quả tại quầy' }).click();
    await desk.getByText('Đã trả kết quả cho công dân.').waitFor();
    await desk.getByRole('button', { name: 'Ghi nhận đánh giá' }).click();
    await desk.getByText(/Thái độ phục vụ của cán bộ: chọn từ 1 đến 5/).waitFor();
    for (const group of await desk.locator('fieldset.rating').all()) await group.getByLabel('Rất hài lòng').check();
    await expectAccessible(desk);
    await screenshot(desk, '10-danh-gia-hai-long');
    await desk.getByRole('button', { name: 'Ghi nhận đánh giá' }).click();
    await desk.getByText('Đã ghi nhận đánh giá của công dân').waitFor();
  });

  it('lets the citizen find the dossier on a phone, with nothing personal shown', async () => {
    const phone = await pageAs(undefined, PHONE);
    await phone.goto(`${platform.url}/tra-cuu`);
    await phone.getByRole('button', { name: 'Tra cứu' }).click();
    await phone.getByText('Mã hồ sơ: bắt buộc').waitFor();
    await phone.getByText('Số CCCD: gồm 12 chữ số').waitFor();
    await phone.getByLabel(/Mã hồ sơ/).fill(dossierCode);
    await phone.getByLabel(/Số CCCD/).fill(ID_NUMBER);
    await lookUpUntil(phone, 'Đã trả kết quả');
    const text = await phone.locator('main').innerText();
    expect(text).not.toMatch(/Nguyễn Thị Hoa|0912345678|Trực Chính/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(phone);
    await screenshot(phone, '11-tra-cuu-dien-thoai');

    const desktop = await pageAs();
    await desktop.goto(`${platform.url}/tra-cuu?ma=${encodeURIComponent(dossierCode)}`);
    await desktop.getByLabel(/Số CCCD/).fill('036090000000');
    await desktop.getByRole('button', { name: 'Tra cứu' }).click();
    await desktop.getByText(/Không tìm thấy hồ sơ/).waitFor(); // a wrong ID number tells nothing
    await desktop.getByLabel(/Số CCCD/).fill(ID_NUMBER);
    await desktop.getByRole('button', { name: 'Tra cứu' }).click();
    await desktop.getByTestId('citizen-status').waitFor();
    await screenshot(desktop, '12-tra-cuu');
  });

  it('receives an online submission from the online queue (Form 01)', async () => {
    await submitOnline(platform.env, { fullName: 'Vũ Thị Hạnh', idNumber: '036090007777', address: 'Xã Trực Thanh', phone: '0987654321' });
    const desk = await pageAs(DESK);
    await desk.goto(`${platform.url}/truc-tuyen`);
    const check = desk.getByRole('button', { name: 'Kiểm tra hồ sơ của Vũ Thị Hạnh' });
    await eventually('the online dossier in the queue', async () => {
      if (await check.isVisible()) return true;
      await desk.reload();
      await desk.getByRole('heading', { name: 'Hồ sơ nộp trực tuyến' }).waitFor();
      return check.isVisible();
    });
    await check.click();
    await desk.getByRole('heading', { name: /Kiểm tra hồ sơ: .*hộ kinh doanh/ }).waitFor();
    await desk.getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
    await desk.getByText('Lý do từ chối: bắt buộc').waitFor(); // a refusal needs its reason, named inline
    await expectAccessible(desk);
    await screenshot(desk, '15-ho-so-truc-tuyen');
    await desk.getByRole('button', { name: /Tiếp nhận \(kiểm tra đủ thành phần\)/ }).click();
    await desk.getByText('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ').waitFor();
    expect(await desk.getByTestId('dossier-code').textContent()).toMatch(/^TRUCNINH-\d{6}-\d{4}$/);
  });

  it('arranges a pickup by post: the desk asks, the postal worker collects (no other unit’s sees it), the desk receives the hand-over', async () => {
    const desk = await pageAs(DESK);
    await desk.goto(`${platform.url}/buu-chinh`);
    await desk.getByText('Yêu cầu bưu điện thu gom hồ sơ tại nhà công dân').click();
    await desk.getByRole('button', { name: 'Gửi yêu cầu thu gom' }).click();
    await desk.getByText('Thủ tục: chọn một thủ tục').waitFor(); // each missing field named inline
    await desk.getByText('Địa chỉ: bắt buộc').waitFor();
    await desk.getByLabel(/Tìm thủ tục/).fill('ho kinh doanh');
    await desk.getByRole('radio', { name: 'Đăng ký thành lập hộ kinh doanh' }).check();
    await desk.getByLabel(/Họ và tên/).fill('Đinh Văn Toàn');
    await desk.getByLabel(/Số CCCD/).fill('036090008888');
    await desk.getByLabel(/Số điện thoại/).fill('0911222333');
    await desk.getByLabel(/Địa chỉ thu gom/).fill('Xóm 3, xã Trực Tuấn');
    await desk.getByRole('button', { name: 'Gửi yêu cầu thu gom' }).click();
    await desk.getByText('Đã gửi yêu cầu thu gom hồ sơ tới bưu điện.').waitFor();
    await desk.getByRole('heading', { name: /Đinh Văn Toàn/ }).waitFor();
    await expectAccessible(desk);
    await screenshot(desk, '16-buu-chinh-thu-gom');

    // the postal worker collects once the provider confirmed the order (a waybill number)
    const postman = await pageAs(POSTAL_WORKER);
    const collect = postman.getByRole('button', { name: 'Ghi nhận thu gom' });
    await eventually('the provider to confirm the pickup', async () => {
      await postman.goto(`${platform.url}/buu-chinh`);
      await postman.getByRole('heading', { name: 'Bưu chính công ích' }).waitFor();
      await postman.waitForLoadState('networkidle');
      return collect.isVisible();
    });
    // listed for the postal worker of the desk's unit, and not for one of another unit
    const stranger = await pageAs(OTHER_UNIT_POSTAL_WORKER);
    await stranger.goto(`${platform.url}/buu-chinh`);
    await stranger.getByText('Không có bưu gửi nào.').waitFor();
    expect(await stranger.getByRole('heading', { name: /Đinh Văn Toàn/ }).count()).toBe(0);
    await postman.getByRole('checkbox', { name: /Giấy đề nghị/ }).check();
    await postman.getByRole('checkbox', { name: /Căn cước công dân/ }).check();
    await collect.click();
    await postman.getByText(/Niêm phong: phải niêm phong/).waitFor();
    await postman.getByRole('checkbox', { name: /Đã niêm phong/ }).check();
    await postman.getByLabel(/Phí, lệ phí đã thu/).fill('100000');
    await postman.getByLabel('Số biên lai').fill('BL-0001');
    await expectAccessible(postman);
    await screenshot(postman, '17-buu-ta-thu-gom');
    await collect.click();
    await postman.getByText('Đã ghi nhận.').waitFor();

    // the desk records the hand-over; postal-delivery submits the dossier to intake
    const receive = desk.getByRole('button', { name: 'Nhận bàn giao và tiếp nhận hồ sơ' });
    await eventually('the collection to reach the desk', async () => {
      await desk.reload();
      await desk.getByRole('heading', { name: 'Bưu chính công ích' }).waitFor();
      await desk.waitForLoadState('networkidle');
      return receive.isVisible();
    });
    await desk.getByLabel(/Nhân viên bưu chính bàn giao/).fill('Hoàng Văn Nam');
    await desk.getByRole('checkbox', { name: /Giấy đề nghị/ }).check();
    await desk.getByRole('checkbox', { name: /Căn cước công dân/ }).check();
    await desk.getByLabel(/Phí, lệ phí bàn giao/).fill('100000');
    await desk.getByLabel('Số biên lai').fill('BL-0001');
    await receive.click();
    await desk.getByText('Đã ghi nhận.').waitFor();
    await desk.getByRole('button', { name: 'Tra cứu bưu gửi' }).click();
    await desk.getByLabel('Mã hồ sơ hoặc số vận đơn').waitFor();
    await desk.getByRole('button', { name: 'Thu gom hồ sơ' }).click();
    await desk.getByRole('button', { name: 'Cần xử lý (phát lỗi, hoàn trả)' }).click();
    await desk.getByRole('button', { name: 'Đối soát phí' }).click();
    await desk.getByRole('button', { name: 'Đối soát', exact: true }).click();
    await eventually('the collected fee in the reconciliation', async () => {
      await desk.getByRole('button', { name: 'Đối soát', exact: true }).click();
      const detail = desk.getByText(/Chi tiết: \d+ bưu gửi/);
      await detail.waitFor({ timeout: 5000 });
      const seen = (await detail.textContent()) ?? '';
      return { done: /Chi tiết: [1-9]\d* bưu gửi/.test(seen), seen };
    });
    await expectAccessible(desk);
    await screenshot(desk, '18-doi-soat');
  });

  it('shows the district leader Biểu II.06a with drill-down, charts, and figures that refresh by themselves', async () => {
    const page = await pageAs(DISTRICT_LEADER);
    await page.goto(`${platform.url}/bao-cao`);
    await eventually('the dashboard to count the dossiers', async () => {
      await page.getByRole('button', { name: 'Xem báo cáo' }).click();
      await page.getByTestId('kpi-received').waitFor({ timeout: 5000 });
      const seen = (await page.getByTestId('kpi-received').textContent()) ?? '';
      return { done: Number(seen) >= 1, seen };
    });
    await page.getByRole('heading', { name: /Biểu II.06a/ }).waitFor();
    expect(await page.getByTestId('kpi-ontime').textContent()).toMatch(/%/);
    await page.getByRole('img', { name: /Biểu đồ đường: tỷ lệ hồ sơ giải quyết đúng hạn/ }).waitFor();
    await page.getByRole('img', { name: /Biểu đồ tròn: hồ sơ theo kênh/ }).waitFor();
    await page.getByRole('img', { name: /Biểu đồ cột: số hồ sơ tiếp nhận mỗi tuần/ }).waitFor();
    await expectAccessible(page);
    await screenshot(page, '13-bao-cao');
    const download = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Tải Biểu II.06a/ }).click()]);
    expect(download[0].suggestedFilename()).toMatch(/\.xlsx$/);

    // drill down: field → procedure → the dossiers
    await page.locator('table.report').getByRole('button', { name: 'Tài chính - Kế hoạch' }).click();
    await page.getByRole('heading', { name: 'Lĩnh vực Tài chính - Kế hoạch: các thủ tục' }).waitFor();
    await page
      .locator('.drill')
      .getByRole('button', { name: /Đăng ký thành lập hộ kinh doanh/ })
      .click();
    await page.getByTestId('drill-dossiers').getByText(dossierCode).waitFor();
    await expectAccessible(page);
    await screenshot(page, '13b-bao-cao-chi-tiet');

    // live: a dossier received elsewhere shows up without touching the page
    const before = Number(await page.getByTestId('kpi-received').textContent());
    const desk = await pageAs(DESK);
    const received = await desk.evaluate(async () => {
      const csrf = decodeURIComponent(/(?:^|;\s*)fo_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '');
      const r = await fetch('/api/dossiers', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({
          procedureCode: 'TCKH-01',
          channel: 'counter',
          resultDelivery: 'counter',
          applicant: { fullName: 'Mai Văn Sơn', idNumber: '036090006666', phone: '', address: 'Xã Trực Nội', email: '' },
          documents: [
            { componentCode: 'GIAYDK', form: 'original', count: 1 },
            { componentCode: 'CCCD', form: 'copy', count: 1 },
          ],
        }),
      });
      return ((await r.json()) as { outcome?: { kind: string } }).outcome?.kind;
    });
    expect(received).toBe('received');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="kpi-received"]')?.textContent) > n, before, {
      timeout: 60_000,
    });

    await page.getByLabel('Từ ngày').fill('2026-12-31');
    await page.getByLabel('Đến ngày').fill('2026-01-01');
    await page.getByRole('button', { name: 'Xem báo cáo' }).click();
    await page.getByText('Đến ngày: phải sau hoặc bằng Từ ngày').waitFor();
  });

  it('says clearly when the intake service is down and keeps everything typed', async () => {
    const page = await pageAs(DESK);
    await page.goto(`${platform.url}/tiep-nhan`);
    await page.getByLabel(/Tìm thủ tục/).fill('ho kinh doanh');
    await page.getByRole('radio', { name: /Đăng ký thành lập hộ kinh doanh/ }).check();
    await page.getByRole('heading', { name: /Thành phần hồ sơ/ }).waitFor();
    for (const box of await page.getByRole('checkbox').all()) await box.check();
    await page.getByLabel(/Họ và tên/).fill('Phạm Thị Dung');
    await page.getByLabel(/Số CCCD/).fill('036090004321');
    await page.getByLabel('Địa chỉ *').fill('Xã Trực Hùng');
    await platform.stop('intake');
    await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await page.getByRole('alert').filter({ hasText: 'Dịch vụ tiếp nhận hồ sơ đang không phản hồi' }).waitFor();
    expect(await page.getByLabel(/Họ và tên/).inputValue()).toBe('Phạm Thị Dung');
    expect(await page.getByLabel(/Số CCCD/).inputValue()).toBe('036090004321');
    expect(await page.getByRole('checkbox', { name: /Giấy đề nghị/ }).isChecked()).toBe(true);
    await screenshot(page, '14-dich-vu-ngung');

    // once intake is back the same form goes through as it was
    await platform.start('intake');
    await eventually('intake to accept the submission again', async () => {
      await page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
      await page.getByTestId('dossier-code').waitFor({ timeout: 5000 });
      return true;
    });
  });
});
