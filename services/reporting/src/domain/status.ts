// National status codes (1–10, named in facts.ts) and how a dossier may move between them.
import { NATIONAL_STATUS as N, type NationalStatus } from './facts';

const TERMINAL: ReadonlySet<NationalStatus> = new Set<NationalStatus>([N.REFUSED, N.WITHDRAWN, N.STOPPED, N.RESULT_RETURNED]);

/**
 * Whether the national status may move from `from` to `to`. Guards against a fact recorded by a
 * producer whose clock ran behind: a dossier never goes back from processing to "received", nor
 * out of a final state.
 */
export function statusMayMove(from: NationalStatus, to: NationalStatus): boolean {
  if (to === N.UNKNOWN || TERMINAL.has(from)) return false;
  switch (to) {
    case N.SUBMITTED_ONLINE:
      return from === N.UNKNOWN;
    case N.RECEIVED:
    case N.REFUSED:
      return from === N.UNKNOWN || from === N.SUBMITTED_ONLINE;
    case N.RESULT_RETURNED:
      return true;
    default:
      return from !== N.RESULT_READY;
  }
}

/** The official name of each national status code, with its English meaning. */
export const NATIONAL_STATUS_NAMES: Record<NationalStatus, string> = {
  [N.UNKNOWN]: '',
  [N.SUBMITTED_ONLINE]: 'Mới đăng ký (submitted online)',
  [N.RECEIVED]: 'Được tiếp nhận (received)',
  [N.REFUSED]: 'Không được tiếp nhận (refused)',
  [N.PROCESSING]: 'Đang xử lý (being processed)',
  [N.SUPPLEMENT_REQUESTED]: 'Yêu cầu bổ sung giấy tờ (supplement requested)',
  [N.AWAITING_PAYMENT]: 'Yêu cầu thực hiện nghĩa vụ tài chính (awaiting payment)',
  [N.WITHDRAWN]: 'Công dân yêu cầu rút hồ sơ (withdrawn)',
  [N.STOPPED]: 'Dừng xử lý (processing stopped)',
  [N.RESULT_READY]: 'Đã xử lý xong (result ready)',
  [N.RESULT_RETURNED]: 'Đã trả kết quả (result returned)',
};
