// The BFF's JSON API: same origin, session cookie sent by the browser, the CSRF token echoed in a
// header on every state-changing request.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldError[],
  ) {
    super(message);
  }
}

function csrfToken(): string {
  const m = document.cookie.match(/(?:^|;\s*)fo_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

export async function api<T>(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'x-csrf-token': csrfToken() } : {}),
        accept: 'application/json',
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiFailure(0, 'Không kết nối được máy chủ. Dữ liệu bạn đã nhập vẫn được giữ nguyên; vui lòng kiểm tra mạng và thử lại.', []);
  }
  const data = (await res.json().catch(() => ({}))) as { message?: string; fields?: FieldError[] };
  if (!res.ok) throw new ApiFailure(res.status, data.message ?? `Lỗi ${res.status}`, data.fields ?? []);
  return data as T;
}

export const newRequestId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
