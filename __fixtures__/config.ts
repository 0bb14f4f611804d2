// The Config of a test: from action inputs as a workflow gives them, through the real readConfig
// (configFrom), or as a literal with every field set (configOf) for the tests of one module.
import { expect } from '@jest/globals'
import { InputError } from '../src/errors.js'
import { readConfig } from '../src/inputs/index.js'
import type { Config } from '../src/types.js'

/** readConfig over these inputs (an absent input reads as ''), with this environment. */
export function configFrom(
  inputs: Readonly<Record<string, string>> = {},
  env: Readonly<Record<string, string | undefined>> = {}
): Config {
  return readConfig((name) => inputs[name] ?? '', env)
}

/** The InputError readConfig fails with over these inputs (configFrom); a test fails if it does not fail so. */
export function inputErrorFrom(
  inputs: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>> = {}
): InputError {
  try {
    configFrom(inputs, env)
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return err as InputError
  }
  throw new Error('readConfig did not throw')
}

/** A valid Config for example.com in eu-west-1 with every default, without reading inputs. */
export function configOf(overrides: Partial<Config> = {}): Config {
  return {
    mode: 'request',
    certificateArn: undefined,
    domainName: 'example.com',
    subjectAlternativeNames: [],
    allNames: ['example.com'],
    region: 'eu-west-1',
    regions: ['eu-west-1'],
    roleToAssume: undefined,
    dnsRoleToAssume: undefined,
    roleChaining: false,
    dnsRoleChaining: false,
    roleSessionName: 'acm-certificate-action',
    roleDurationSeconds: 3600,
    roleExternalId: undefined,
    dnsRoleExternalId: undefined,
    audience: 'sts.amazonaws.com',
    maskAwsAccountId: false,
    proxy: undefined,
    hostedZoneId: undefined,
    dnsProvider: 'route53',
    zoneOverrides: [],
    certificateAuthorityArn: undefined,
    minDaysRemaining: 30,
    preflight: 'warn',
    auditScope: 'managed',
    repair: false,
    failOn: 'at-risk',
    dnsResolvers: [],
    reportFile: undefined,
    wait: true,
    timeoutMs: 3_600_000,
    keyAlgorithm: 'RSA_2048',
    certificateTransparencyLogging: 'ENABLED',
    tags: [],
    idempotencyToken: 'token',
    ...overrides
  }
}
