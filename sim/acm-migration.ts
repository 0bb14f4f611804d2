// ACM's email → DNS migration of a certificate in place (ACM User Guide, "Updating a certificate's
// validation method"): UpdateCertificateOptions with Options.ValidationMethod DNS keeps the ARN; the CNAMEs
// come from ListCertificateDomainValidations and must be in DNS within 72 hours; DescribeCertificate's
// UpdateSummary tracks the change (its lifecycle: certificates.ts settleUpdate).
import { domainStatus, recordVisibleSince, validationRecord } from './certificates.js'
import { wildcardBase } from './names.js'
import { ApiError, callerOf, num, str, type CallContext } from './protocol.js'
import type { Certificate } from './state.js'

type Json = Record<string, unknown>
export type FindCertificate = (context: CallContext, arn: string | undefined) => Certificate

const seconds = (ms: number): number => ms / 1000

/**
 * UpdateCertificateOptions (ACM API Reference): "Currently, you can change the domain validation method or
 * specify whether to export your certificate". Errors: ConflictException, InvalidArnException,
 * InvalidStateException, LimitExceededException, ResourceNotFoundException, ValidationException.
 */
export function updateCertificateOptions(params: Json, context: CallContext, find: FindCertificate): Json {
  const cert = find(context, str(params, 'CertificateArn'))
  const options = params.Options as Json | undefined
  if (options === undefined || typeof options !== 'object') {
    throw new ApiError(
      'ValidationException',
      "1 validation error detected: Value null at 'options' failed to satisfy constraint: Member must not be null"
    )
  }
  const method = str(options, 'ValidationMethod')
  if (method === undefined) return {}
  if (method !== 'DNS') {
    throw new ApiError(
      'ValidationException',
      `Migrating the validation method to ${method} is not supported; specify DNS.`
    )
  }
  if (cert.type !== 'AMAZON_ISSUED') {
    throw new ApiError(
      'InvalidStateException',
      `Certificate ${cert.arn} is ${cert.type}: only public ACM certificates have a validation method.`
    )
  }
  if (cert.update?.status === 'PENDING_DOMAIN_VALIDATION') {
    throw new ApiError(
      'ConflictException',
      `A validation method update of certificate ${cert.arn} is already in progress.`
    )
  }
  if (cert.validationMethod === 'DNS') {
    throw new ApiError('InvalidStateException', `Certificate ${cert.arn} already uses DNS validation.`)
  }
  const now = context.now
  cert.update = {
    status: 'PENDING_DOMAIN_VALIDATION',
    from: cert.validationMethod,
    to: 'DNS',
    requestedAt: now,
    updatedAt: now
  }
  return {}
}

function challenge(cert: Certificate, name: string, method: 'DNS' | 'EMAIL'): Json {
  if (method === 'EMAIL') {
    const base = wildcardBase(name)
    const boxes = ['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster']
    return { EmailValidationChallenge: { ValidationEmails: boxes.map((b) => `${b}@${base}`), ValidationDomain: base } }
  }
  const record = validationRecord(cert.accountId, name)
  return { DnsValidationChallenge: { ResourceRecord: { Name: record.name, Type: 'CNAME', Value: record.value } } }
}

/**
 * ListCertificateDomainValidations (ACM API Reference): MaxItems 1-1000 (default 1000), NextToken; one
 * DomainValidationSummary per name, RequestedValidationConfiguration "present only when a migration is in
 * progress".
 */
export function listCertificateDomainValidations(params: Json, context: CallContext, find: FindCertificate): Json {
  callerOf(context)
  const cert = find(context, str(params, 'CertificateArn'))
  const maxItems = num(params, 'MaxItems') ?? 1000
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) {
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value '${maxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`
    )
  }
  const offset = Number(str(params, 'NextToken') ?? '0')
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError('InvalidArgsException', 'The NextToken is not valid.')
  const pending = cert.update?.status === 'PENDING_DOMAIN_VALIDATION'
  const summaries = cert.names.map((name) => ({
    DomainName: name,
    ActiveValidationConfiguration: {
      ValidationMethod: cert.validationMethod,
      ValidationStatus: domainStatus(context.state, cert, name),
      ValidationChallenge: challenge(cert, name, cert.validationMethod)
    },
    ...(pending && {
      RequestedValidationConfiguration: {
        ValidationMethod: 'DNS',
        ValidationStatus:
          recordVisibleSince(context.state, cert.accountId, name) === undefined ? 'PENDING_VALIDATION' : 'SUCCESS',
        ValidationChallenge: challenge(cert, name, 'DNS')
      }
    })
  }))
  const page = summaries.slice(offset, offset + maxItems)
  const next = offset + maxItems < summaries.length ? String(offset + maxItems) : undefined
  return { DomainValidationSummaryList: page, NextToken: next }
}

/** UpdateSummary of CertificateDetail (ACM API Reference): the latest update, Type DOMAIN_VALIDATION_METHOD. */
export function updateSummary(cert: Certificate): Json | undefined {
  const update = cert.update
  if (!update) return undefined
  return {
    Status: update.status,
    Type: 'DOMAIN_VALIDATION_METHOD',
    DomainValidationMethodUpdateSummary: { From: update.from, To: update.to },
    RequestedAt: seconds(update.requestedAt),
    UpdatedAt: seconds(update.updatedAt)
  }
}
