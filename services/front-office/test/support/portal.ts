// The citizen portal's side, for the online queue: a dossier submitted online through intake's
// gRPC API with the portal's identity (the front office has no citizen submission page).
import { randomUUID } from 'node:crypto';
import { common, intake } from '@onestop/contracts';
import { call, grpcClient, TokenIssuer } from '@onestop/grpc-kit';

export async function submitOnline(
  env: NodeJS.ProcessEnv,
  applicant: { fullName: string; idNumber: string; address: string; phone: string },
): Promise<string> {
  const client = grpcClient(intake.IntakeServiceClient, env.INTAKE_GRPC_ADDR!);
  try {
    const token = await new TokenIssuer(env.AUTH_JWT_SECRET!).issue(
      { officerId: 'cong-dvc', role: 'citizen_portal', unitCode: 'PORTAL' },
      300,
    );
    const res = await call(
      client.submitDossier.bind(client),
      {
        requestId: randomUUID(),
        channel: common.Channel.CHANNEL_ONLINE,
        unitCode: 'TRUCNINH',
        procedureCode: 'TCKH-01',
        applicant: { ...applicant, email: '' },
        documents: [
          { componentCode: 'GIAYDK', form: common.DocumentForm.DOCUMENT_FORM_ORIGINAL, count: 1, fileRef: 'scan-1' },
          { componentCode: 'CCCD', form: common.DocumentForm.DOCUMENT_FORM_COPY, count: 1, fileRef: 'scan-2' },
        ],
        resultDelivery: common.ResultDelivery.RESULT_DELIVERY_COUNTER,
        postalHandover: undefined,
      },
      { token, timeoutMs: 10_000 },
    );
    if (res.outcome?.$case !== 'submittedOnline') throw new Error(`online submission answered ${res.outcome?.$case}`);
    return res.outcome.submittedOnline.dossierId;
  } finally {
    client.close();
  }
}
