/// <reference lib="dom" />
// The front office on TODAY's map, as a new user meets it after `npm start` (intake reads the map
// in force now: no MAP_AS_OF): Cổ Lễ commune's centre (XCOLE) receives a household business
// registration in the browser, the commune's economic department (XCOLE-KT) — its leader and
// specialist, the demo accounts `npm start` prints first — takes it through its workflow, the desk
// returns the result at the counter and records the citizen's rating, the citizen page shows it
// returned, and the commune's leader counts it on the dashboard. A second dossier, whose fee is due
// at return, goes back by post: the post collects the fee on delivery (cash on delivery) and the
// desk records the hand-over of that cash on the postal page. Only the demo accounts and what is on
// screen are used (the post's side is the provider simulator's). The 2020 district's pages are
// covered by front-office.browser.spec.ts.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_ACCOUNTS_TODAY } from '../src/adapters/demo-accounts';
import { eventually, screenshot, seriousViolations, startWithBrowser } from './support/browser';
import { itWithDiagnostics } from './support/diagnostics';
import { type Platform, startPlatform } from './support/platform';
import { type Account, lookUpUntil, openAtReturnDesk, openPage, PHONE } from './support/steps';

jest.setTimeout(300_000);

const account = (username: string) => {
  const a = DEMO_ACCOUNTS_TODAY.find((x) => x.username === username);
  if (!a) throw new Error(`no demo account ${username} on today's map`);
  return a;
};
const DESK = account('motcua.cole');
const LEADER = account('lanhdao.cole-kt');
const SPECIALIST = account('chuyenvien.cole-kt');
const COMMUNE_LEADER = account('lanhdao.cole');
const ID_NUMBER = '036190002468';

describe('the front office on today’s map (xã Cổ Lễ), reception to return', () => {
  let platform: Platform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** jest's `it`, printing the services' recent warnings and errors when a test fails (CI keeps no logs). */
  const it = itWithDiagnostics(() => platform?.diagnostics());
  let dossierCode = '';
  /** The dossier whose result goes by post, with its fee collected on delivery. */
  let byPostCode = '';

  const signedIn = (who: Account) => openPage(browser, contexts, platform.url, who);

  /** Opens the case from the officer's work queue, waiting for processing to have opened it. */
  async function openCase(page: Page, code: string, queueLabel?: string): Promise<void> {
    await eventually(`${code} in the work queue`, async () => {
      await page.goto(`${platform.url}/xu-ly`);
      if (queueLabel) await page.getByRole('button', { name: queueLabel }).click();
      await page.waitForLoadState('networkidle');
      return page.getByRole('link', { name: code }).isVisible();
    });
    await page.getByRole('link', { name: code }).click();
    await page.getByRole('heading', { name: `Hồ sơ ${code}` }).waitFor();
  }

  /** The provider simulator's admin API: the post's side of a delivery. */
  async function simulator(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ orders: { waybill_number: string; cod_amount: number }[] }> {
    const res = await fetch(`${platform.env.PROVIDER_BASE_URL}/_admin${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { orders: { waybill_number: string; cod_amount: number }[] };
  }

  beforeAll(async () => {
    // MAP_AS_OF empty = unset = today's map, as `npm start` runs.
    [platform, browser] = await startWithBrowser(
      startPlatform(['intake', 'processing', 'reporting', 'postal-simulator', 'postal-delivery', 'front-office'], { MAP_AS_OF: '' }),
    );
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await platform?.stopAll();
  });

  it('receives a dossier at Cổ Lễ’s desk (Form 01)', async () => {
    // the address `npm start` prints leads to the sign-in page; the first account it prints is the desk's
    const desk = await openPage(browser, contexts, platform.url);
    await desk.goto(platform.url);
    await desk.getByLabel('Tên đăng nhập').fill(DESK.username);
    await desk.getByLabel('Mật khẩu').fill(DESK.password);
    await desk.getByRole('button', { name: 'Đăng nhập' }).click();
    await desk.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await desk.getByLabel(/Tìm thủ tục/).fill('ho kinh doanh');
    await desk.getByRole('radio', { name: /Đăng ký thành lập hộ kinh doanh/ }).check();
    await desk.getByRole('heading', { name: /Thành phần hồ sơ/ }).waitFor();
    for (const box of await desk.getByRole('checkbox').all()) await box.check();
    await desk.getByLabel(/Họ và tên/).fill('Ngô Thị Thu');
    await desk.getByLabel(/Số CCCD/).fill(ID_NUMBER);
    await desk.getByLabel('Địa chỉ *').fill('Tổ dân phố 5, xã Cổ Lễ');
    await desk.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await desk.getByText('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ').waitFor();
    dossierCode = (await desk.getByTestId('dossier-code').textContent())!.trim();
    expect(dossierCode).toMatch(/^XCOLE-\d{6}-\d{4}$/);
    expect(await desk.locator('article.paper').innerText()).toContain('xã Cổ Lễ');
    expect(await seriousViolations(desk)).toEqual([]);

    // a change of registration, its fee due at return, the result to be sent by post
    await desk.getByRole('button', { name: 'Tiếp nhận hồ sơ mới' }).click();
    await desk.getByLabel(/Tìm thủ tục/).fill('thay doi noi dung ho kinh doanh');
    await desk.getByRole('radio', { name: /Đăng ký thay đổi nội dung đăng ký hộ kinh doanh/ }).check();
    await desk.getByRole('heading', { name: /Thành phần hồ sơ/ }).waitFor();
    for (const box of await desk.getByRole('checkbox').all()) await box.check();
    await desk.getByLabel(/Họ và tên/).fill('Lương Văn Sáng');
    await desk.getByLabel(/Số CCCD/).fill('036190003579');
    await desk.getByLabel('Địa chỉ *').fill('Xóm 2, xã Cổ Lễ');
    await desk.getByLabel('Nơi nhận kết quả').selectOption('post');
    await desk.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await desk.getByText('Số điện thoại: bắt buộc khi nhận kết quả qua bưu chính').waitFor(); // the post needs it to deliver
    await desk.getByLabel('Số điện thoại').fill('0915246810');
    await desk.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    await desk.getByText('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ').waitFor();
    byPostCode = (await desk.getByTestId('dossier-code').textContent())!.trim();
    expect(byPostCode).toMatch(/^XCOLE-\d{6}-\d{4}$/);
  });

  it('is assigned, appraised, approved and issued by Cổ Lễ’s economic department', async () => {
    expect(dossierCode).not.toBe('');
    const leader = await signedIn(LEADER);
    const specialist = await signedIn(SPECIALIST);
    for (const code of [dossierCode, byPostCode]) {
      await openCase(leader, code, 'Mới, chưa phân công');
      expect(await leader.getByTestId('time-left').getAttribute('data-urgency')).toBe('on_time');
      await leader.getByLabel('Chuyên viên thụ lý').selectOption(SPECIALIST.username);
      await leader.getByRole('button', { name: 'Phân công' }).click();
      await leader.getByText('Đã phân công chuyên viên thụ lý.').waitFor();

      await openCase(specialist, code);
      await specialist.getByLabel('Ý kiến').fill('Hồ sơ đủ điều kiện đăng ký');
      await specialist.getByRole('button', { name: 'Hoàn thành bước' }).click();
      await specialist.getByText('Đã hoàn thành bước').waitFor();

      await leader.reload();
      await leader.getByRole('button', { name: 'Hoàn thành bước' }).click();
      await leader.getByText('Đã hoàn thành bước').waitFor();
      await leader.getByLabel(/Kết quả giải quyết/).fill('Giấy chứng nhận đăng ký hộ kinh doanh');
      await leader.getByLabel('Số văn bản').fill('27A8000135');
      await leader.getByRole('button', { name: 'Ban hành kết quả' }).click();
      await leader.getByTestId('case-status').filter({ hasText: 'Đã xử lý xong' }).waitFor();
    }
    expect(await seriousViolations(leader)).toEqual([]);
  });

  it('returns the result at the counter, rated, and the citizen page shows it returned', async () => {
    expect(dossierCode).not.toBe('');
    const desk = await signedIn(DESK);
    await desk.goto(`${platform.url}/tra-ket-qua`);
    await openAtReturnDesk(desk, dossierCode, 'Đã xử lý xong');
    await desk.getByRole('button', { name: 'Trả kết quả tại quầy' }).click();
    await desk.getByText('Đã trả kết quả cho công dân.').waitFor();
    for (const group of await desk.locator('fieldset.rating').all()) await group.getByLabel('Hài lòng', { exact: true }).check();
    await desk.getByRole('button', { name: 'Ghi nhận đánh giá' }).click();
    await desk.getByText('Đã ghi nhận đánh giá của công dân').waitFor();

    const phone = await openPage(browser, contexts, platform.url, undefined, PHONE);
    await phone.goto(`${platform.url}/tra-cuu?ma=${encodeURIComponent(dossierCode)}`); // the receipt's QR link
    await phone.getByLabel(/Số CCCD/).fill(ID_NUMBER);
    await lookUpUntil(phone, 'Đã trả kết quả');
    expect(await phone.locator('main').innerText()).not.toMatch(/Ngô Thị Thu|Tổ dân phố 5/);
  });

  it('takes over the fee the post collected on delivering the result (cash on delivery)', async () => {
    expect(byPostCode).not.toBe('');
    // the post delivers the result and collects the 50,000 đ due at return
    let order: { waybill_number: string; cod_amount: number } | undefined;
    await eventually('the result shipment at the post', async () => {
      [order] = (await simulator('GET', `/orders?order_number=${encodeURIComponent(`${byPostCode}-KQ`)}`)).orders;
      return order !== undefined;
    });
    if (!order) throw new Error('no result shipment');
    expect(order.cod_amount).toBe(50_000);
    const waybill = order.waybill_number;
    for (const status_code of [4, 6, 7, 10, 12]) await simulator('POST', `/orders/${waybill}/advance`, { status_code });
    await simulator('POST', `/orders/${waybill}/advance`, { status_code: 14, cod_amount: 50_000 });

    const desk = await signedIn(DESK);
    await desk.goto(`${platform.url}/buu-chinh`);
    await desk.getByRole('button', { name: 'Tra cứu bưu gửi' }).click();
    const take = desk.getByRole('button', { name: 'Nhận tiền thu hộ' });
    await eventually('the delivery with its cash on delivery', async () => {
      await desk.getByLabel('Mã hồ sơ hoặc số vận đơn').fill(byPostCode);
      await desk.getByRole('button', { name: 'Tra cứu', exact: true }).click();
      await desk.getByTestId('shipment').first().waitFor({ timeout: 5000 });
      return take.isVisible();
    });
    expect(await desk.getByTestId('cod').textContent()).toMatch(/bưu điện đã thu 50\.000/);
    await take.click(); // nothing typed: each field named inline
    await desk.getByText('Số tiền thu hộ bàn giao: phải lớn hơn 0').waitFor();
    await desk.getByText('Số biên lai: bắt buộc').waitFor();
    await desk.getByLabel(/Số tiền thu hộ bàn giao/).fill('50000');
    await desk.getByLabel('Số biên lai').fill('BL-COD-0001');
    expect(await seriousViolations(desk)).toEqual([]);
    await screenshot(desk, '19-buu-chinh-thu-ho');
    await take.click();
    await desk.getByText('Đã ghi nhận.').waitFor();
    await eventually('the hand-over on the shipment', async () => {
      await desk.getByRole('button', { name: 'Tra cứu', exact: true }).click();
      await desk.getByTestId('shipment').first().waitFor({ timeout: 5000 });
      const seen = (await desk.getByTestId('cod').textContent()) ?? '';
      return { done: /đã bàn giao 50\.000/.test(seen), seen };
    });
    expect(await take.count()).toBe(0); // handed over once
  });

  it('counts the dossier on the commune leader’s dashboard', async () => {
    const page = await signedIn(COMMUNE_LEADER);
    await page.goto(`${platform.url}/bao-cao`);
    await eventually('the dashboard to count the dossier', async () => {
      await page.getByRole('button', { name: 'Xem báo cáo' }).click();
      await page.getByTestId('kpi-received').waitFor({ timeout: 5000 });
      const seen = (await page.getByTestId('kpi-received').textContent()) ?? '';
      return { done: Number(seen) >= 2, seen };
    });
    // the charts follow the figures shown (asking again reloads them too)
    await page.getByRole('img', { name: /Biểu đồ cột: số hồ sơ tiếp nhận mỗi tuần, tổng [2-9]/ }).waitFor();
    await page.getByRole('img', { name: /Biểu đồ đường: tỷ lệ hồ sơ giải quyết đúng hạn/ }).waitFor();
    await screenshot(page, '21-bao-cao-xa-co-le');
  });
});
