// The four services over gRPC, each call made with a token minted for the signed-in officer (their
// role and unit), so every rule the services enforce still applies to the person at the screen.
import { status as Status, type ServiceError } from '@grpc/grpc-js';
import { intake, postal, processing, reporting } from '@onestop/contracts';
import { fieldMessageInVietnamese } from '../domain/vietnamese';
import { call, fieldViolationsOf, grpcClient, type Identity, type Role, TokenIssuer } from '@onestop/grpc-kit';

export type ServiceName = 'intake' | 'processing' | 'postal' | 'reporting';

export const SERVICE_LABEL: Record<ServiceName, string> = {
  intake: 'tiếp nhận hồ sơ',
  processing: 'xử lý hồ sơ',
  postal: 'bưu chính',
  reporting: 'báo cáo, tra cứu',
};

/** An error for the web app: HTTP status, a Vietnamese message, and the fields it concerns. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export function toApiError(err: unknown, service: ServiceName): ApiError {
  const e = err as Partial<ServiceError>;
  if (typeof e?.code !== 'number') return new ApiError(500, 'Lỗi không xác định; vui lòng thử lại.');
  switch (e.code) {
    case Status.UNAVAILABLE:
    case Status.DEADLINE_EXCEEDED:
      return new ApiError(
        503,
        `Dịch vụ ${SERVICE_LABEL[service]} đang không phản hồi. Dữ liệu bạn đã nhập vẫn được giữ nguyên; vui lòng thử lại sau ít phút.`,
      );
    case Status.INVALID_ARGUMENT: {
      const fields = fieldViolationsOf(e).map((v) => ({ field: v.field, message: fieldMessageInVietnamese(v.field, v.description) }));
      return new ApiError(
        400,
        fields.length ? `Dữ liệu chưa hợp lệ: ${fields.map((f) => f.message).join('; ')}` : 'Dữ liệu chưa hợp lệ; vui lòng kiểm tra lại.',
        fields,
      );
    }
    case Status.NOT_FOUND:
      return new ApiError(404, `Không tìm thấy dữ liệu ở dịch vụ ${SERVICE_LABEL[service]}.`);
    case Status.PERMISSION_DENIED:
    case Status.UNAUTHENTICATED:
      return new ApiError(403, 'Tài khoản của bạn không có quyền thực hiện thao tác này ở bước hiện tại.');
    case Status.FAILED_PRECONDITION:
    case Status.ABORTED:
    case Status.ALREADY_EXISTS:
      return new ApiError(
        409,
        'Không thực hiện được ở trạng thái hiện tại của hồ sơ (hồ sơ có thể vừa được người khác cập nhật); vui lòng tải lại trang và thử lại.',
      );
    default:
      return new ApiError(502, `Dịch vụ ${SERVICE_LABEL[service]} báo lỗi; vui lòng thử lại.`);
  }
}

export interface GatewayOptions {
  secret: string;
  intakeAddr: string;
  processingAddr: string;
  postalAddr: string;
  reportingAddr: string;
}

type Unary<Req, Res> = Parameters<typeof call<Req, Res>>[0];

export class Gateway {
  private readonly issuer: TokenIssuer;
  readonly intake: intake.IntakeServiceClient;
  readonly processing: processing.ProcessingServiceClient;
  readonly postal: postal.PostalServiceClient;
  readonly reporting: reporting.ReportingServiceClient;

  constructor(o: GatewayOptions) {
    this.issuer = new TokenIssuer(o.secret);
    this.intake = grpcClient(intake.IntakeServiceClient, o.intakeAddr);
    this.processing = grpcClient(processing.ProcessingServiceClient, o.processingAddr);
    this.postal = grpcClient(postal.PostalServiceClient, o.postalAddr);
    this.reporting = grpcClient(reporting.ReportingServiceClient, o.reportingAddr);
  }

  /** Calls `method` of `service` as `who`; gRPC errors become ApiErrors in Vietnamese. */
  async as<Req, Res>(who: Identity, service: ServiceName, method: Unary<Req, Res>, request: Req): Promise<Res> {
    const token = await this.issuer.issue(who, 300);
    try {
      return await call(method, request, { token, timeoutMs: 8000 });
    } catch (err) {
      throw toApiError(err, service);
    }
  }

  close(): void {
    for (const c of [this.intake, this.processing, this.postal, this.reporting]) c.close();
  }
}

/** The platform identity of a signed-in user; the post's staff act as the postal provider. */
export function identityOf(user: { username: string; role: string; unitCode: string }): Identity {
  const role = (user.role === 'postal_worker' ? 'postal_provider' : user.role) as Role;
  return { officerId: user.username, role, unitCode: user.unitCode };
}
