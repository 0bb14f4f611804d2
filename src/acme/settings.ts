// Mode acme-endpoint's settings (the acme-* inputs, read by config.ts): a leaf module, so Config can
// carry them without an import cycle.
/** PublicKeyAlgorithm (SDK enums): what an ACME endpoint may issue. */
export const ACME_KEY_ALGORITHMS = ['RSA_2048', 'EC_prime256v1', 'EC_secp384r1'] as const
export type AcmeKeyAlgorithm = (typeof ACME_KEY_ALGORITHMS)[number]
/** DomainScope switches (ExactDomain, Subdomains, Wildcards), as the acme-domain-scope input names them. */
export const ACME_SCOPES = ['exact', 'subdomains', 'wildcards'] as const
export type AcmeScope = (typeof ACME_SCOPES)[number]
export const ACME_CONTACTS = ['not-required', 'required'] as const

export interface AcmeConfig {
  /** Which of the action's endpoints in the Region: its tag value, part of the idempotency token. */
  readonly endpointName: string
  readonly contact: 'REQUIRED' | 'NOT_REQUIRED'
  readonly keyAlgorithms: readonly AcmeKeyAlgorithm[]
  readonly certificateTags: readonly { readonly Key: string; readonly Value: string }[]
  /** Applied to every name; `*.name` also turns on wildcards for name. */
  readonly scope: readonly AcmeScope[]
  /** Let ACM write the CNAME (HostedZoneId) where the zone is in the endpoint's account. */
  readonly managedRecords: boolean
  /** Delete the endpoint's validations of names no longer in the inputs (else they are only reported). */
  readonly deleteDropped: boolean
  readonly eabRoleArn: string | undefined
  readonly eabExpiryHours: number
  /** The run attempt (GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT): a retried call in one attempt gets the same binding. */
  readonly runAttempt: string | undefined
}
