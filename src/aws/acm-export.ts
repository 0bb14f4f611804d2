// ExportCertificate (issue 22): one SDK call, errors wrapped once. The passphrase goes as the bytes
// ACM takes (a blob); the answer is returned as it comes (the key stays encrypted).
import { ExportCertificateCommand, type ACMClient } from '@aws-sdk/client-acm'
import { ActionError, awsErrorCode, wrapAwsError } from '../errors.js'
import { patiently } from '../poll.js'
import type { CallContext, ExportedPem } from '../types.js'
import { SERVICE, permissionHint } from './acm.js'

export async function exportCertificate(
  client: ACMClient,
  arn: string,
  passphrase: string,
  ctx: CallContext
): Promise<ExportedPem> {
  try {
    const out = await patiently(
      () =>
        client.send(
          new ExportCertificateCommand({ CertificateArn: arn, Passphrase: new TextEncoder().encode(passphrase) })
        ),
      ctx,
      {
        phase: 'exporting the certificate',
        timeoutMessage: (last) => `ACM kept throttling ExportCertificate: ${last}`,
        timeoutHint: 'Re-run the job: the certificate is exported again as it is.'
      }
    )
    if (!out.Certificate || !out.CertificateChain || !out.PrivateKey) {
      throw new ActionError(`ACM ExportCertificate returned no certificate, chain or key for ${arn}`, {
        hint: 'Re-run the job; if it persists, export it once with the AWS CLI (aws acm export-certificate).'
      })
    }
    return { certificate: out.Certificate, chain: out.CertificateChain, privateKey: out.PrivateKey }
  } catch (err) {
    if (err instanceof ActionError) throw err
    throw wrapAwsError(SERVICE, 'ExportCertificate', err, {
      detail: `certificate: ${arn}`,
      hint:
        awsErrorCode(err) === 'ValidationException'
          ? `Only public certificates requested with export (created after 2025-06-17) and private ones export; ${arn} is not one.`
          : permissionHint(err, 'acm:ExportCertificate')
    })
  }
}
