// Vietnamese labels for the platform's codes, and date formatting in Vietnam's time zone.

export const STATUS: Record<number, string> = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
};

export const DOC_FORM: Record<number, string> = { 1: 'Bản chính', 2: 'Bản sao', 3: 'Bản sao chứng thực' };
export const DOC_FORM_KEY: Record<number, string> = { 1: 'original', 2: 'copy', 3: 'certified_copy' };
export const DELIVERY: Record<number, string> = { 1: 'Tại Bộ phận Một cửa', 2: 'Qua dịch vụ bưu chính', 3: 'Trực tuyến' };
export const CHANNEL: Record<number, string> = { 1: 'Trực tiếp', 2: 'Trực tuyến', 3: 'Qua bưu chính công ích' };
export const TIMELINESS: Record<string, string> = {
  '1': 'Trước hạn',
  '2': 'Đúng hạn',
  '3': 'Quá hạn',
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
};
export const ROLE: Record<string, string> = {
  desk_officer: 'Cán bộ một cửa',
  specialist: 'Chuyên viên',
  leader: 'Lãnh đạo',
  auditor: 'Thanh tra, kiểm tra',
  it_admin: 'Quản trị hệ thống',
  postal_worker: 'Nhân viên bưu chính',
};

const dateTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const dateOnly = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' });

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dateTime.format(d);
}

export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dateOnly.format(d);
}

export const vnd = (n: number) => `${new Intl.NumberFormat('vi-VN').format(n)} đồng`;

export const SHIPMENT_STATE: Record<number, string> = {
  1: 'Đã gửi yêu cầu, chờ bưu điện xác nhận',
  2: 'Bưu điện đã nhận yêu cầu',
  3: 'Bưu điện từ chối yêu cầu',
  4: 'Bưu tá đang đến thu gom',
  5: 'Đã thu gom',
  6: 'Đang vận chuyển',
  7: 'Đang phát',
  8: 'Phát không thành công, sẽ phát lại',
  9: 'Đã phát đến nơi nhận',
  10: 'Đã bàn giao cho Bộ phận Một cửa',
  11: 'Thu gom không thành công',
  12: 'Đã hủy',
  13: 'Chuyển hoàn về Bộ phận Một cửa',
};
export const LEG: Record<number, string> = { 1: 'Nộp hồ sơ qua bưu chính', 2: 'Trả kết quả qua bưu chính' };
export const TRACKING_EVENT: Record<string, string> = {
  PickupRequested: 'Yêu cầu thu gom hồ sơ',
  ResultShipmentRequested: 'Yêu cầu chuyển phát kết quả',
  ProviderOrderAccepted: 'Bưu điện nhận đơn',
  ProviderOrderRejected: 'Bưu điện từ chối đơn',
  ProviderStatusReported: 'Bưu điện cập nhật trạng thái',
  DossierCollected: 'Bưu tá thu gom, kiểm đếm, niêm phong',
  DossierHandedOver: 'Bàn giao hồ sơ cho Bộ phận Một cửa',
  DossierSubmittedToDesk: 'Bộ phận Một cửa tiếp nhận hồ sơ',
  PickupFailed: 'Thu gom không thành công',
  CancellationRequested: 'Yêu cầu hủy',
  CancellationRejected: 'Bưu điện không chấp nhận hủy',
  ShipmentCancelled: 'Đã hủy',
  DeliveryAttemptFailed: 'Phát không thành công',
  ResultDelivered: 'Đã phát kết quả cho công dân',
  ResultReturnedToDesk: 'Chuyển hoàn kết quả về Bộ phận Một cửa',
  ResultOutcomeRecordedAtDesk: 'Bộ phận Một cửa ghi nhận kết quả phát',
  CodRemitted: 'Bưu điện bàn giao tiền thu hộ',
  DeskCallFailed: 'Không gửi được sang Bộ phận Một cửa',
};
