// National status codes (1–10) and how a dossier may move between them.
import type { NationalStatus } from './facts';

const TERMINAL: ReadonlySet<NationalStatus> = new Set<NationalStatus>([3, 7, 8, 10]);

/**
 * Whether the national status may move from `from` to `to`. Guards against a fact recorded by a
 * producer whose clock ran behind: a dossier never goes back from processing to "received", nor
 * out of a final state.
 */
export function statusMayMove(from: NationalStatus, to: NationalStatus): boolean {
  if (to === 0 || TERMINAL.has(from)) return false;
  switch (to) {
    case 1:
      return from === 0;
    case 2:
    case 3:
      return from === 0 || from === 1;
    case 10:
      return true;
    default:
      return from !== 9;
  }
}

/** The official name of each national status code, with its English meaning. */
export const NATIONAL_STATUS_NAMES: Record<NationalStatus, string> = {
  0: '',
  1: 'Mới đăng ký (submitted online)',
  2: 'Được tiếp nhận (received)',
  3: 'Không được tiếp nhận (refused)',
  4: 'Đang xử lý (being processed)',
  5: 'Yêu cầu bổ sung giấy tờ (supplement requested)',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính (awaiting payment)',
  7: 'Công dân yêu cầu rút hồ sơ (withdrawn)',
  8: 'Dừng xử lý (processing stopped)',
  9: 'Đã xử lý xong (result ready)',
  10: 'Đã trả kết quả (result returned)',
};
