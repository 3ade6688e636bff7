// gRPC clients and bearer tokens as a desk officer, agency staff, the portal or a service would use.
import { intake, processing, reporting } from '@onestop/contracts';
import { call, grpcClient, type Identity, TokenIssuer } from '@onestop/grpc-kit';
import { DEV_SECRET } from './platform';

const issuer = new TokenIssuer(DEV_SECRET);

export function tokenFor(identity: Identity): Promise<string> {
  return issuer.issue(identity);
}

export const intakeClient = (address: string) => grpcClient(intake.IntakeServiceClient, address);
export const processingClient = (address: string) => grpcClient(processing.ProcessingServiceClient, address);
export const reportingClient = (address: string) => grpcClient(reporting.ReportingServiceClient, address);

export { call };
