// The simulator's ACME control plane through the real SDK: the documented statuses and transitions
// (endpoint CREATING → ACTIVE, DELETING → gone; validation VALIDATING → VALID / INVALID), idempotency
// tokens, the per-endpoint CNAME, ACM-managed records with HostedZoneId, the model's constraints, and
// the bindings with their credentials.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  CreateAcmeDomainValidationCommand,
  CreateAcmeEndpointCommand,
  CreateAcmeExternalAccountBindingCommand,
  DeleteAcmeEndpointCommand,
  DescribeAcmeAccountCommand,
  DescribeAcmeDomainValidationCommand,
  DescribeAcmeEndpointCommand,
  GetAcmeExternalAccountBindingCredentialsCommand,
  ListAcmeAccountsCommand,
  ListAcmeEndpointsCommand,
  ListTagsForResourceCommand,
  RevokeAcmeAccountCommand,
  RevokeAcmeExternalAccountBindingCommand,
  type ACMClient
} from '@aws-sdk/client-acm'
import { prevalidationRecord } from '../../sim/index.js'
import {
  CERT_ACCOUNT,
  DNS_ACCOUNT,
  failure as errorOf,
  keysOf,
  startHarness,
  type World
} from '../../__fixtures__/world.js'

let h: World
afterEach(async () => h?.stop())

const PUBLIC_CA = { PublicCertificateAuthority: { AllowedKeyAlgorithms: ['EC_prime256v1' as const] } }
const EXACT = { DnsPrevalidation: { DomainScope: { ExactDomain: 'ENABLED' as const } } }

async function endpoint(acm: ACMClient, token?: string): Promise<string> {
  const { AcmeEndpointArn } = await acm.send(
    new CreateAcmeEndpointCommand({
      AuthorizationBehavior: 'PRE_APPROVED',
      CertificateAuthority: PUBLIC_CA,
      Tags: [{ Key: 'k', Value: 'v' }],
      ...(token && { IdempotencyToken: token })
    })
  )
  return AcmeEndpointArn ?? ''
}

async function active(acm: ACMClient): Promise<string> {
  const arn = await endpoint(acm)
  h.clock.advance(h.sim.acme().knobs.endpointCreatingMs)
  return arn
}

const status = async (acm: ACMClient, arn: string) =>
  (await acm.send(new DescribeAcmeEndpointCommand({ AcmeEndpointArn: arn }))).AcmeEndpoint?.Status

describe('ACME endpoints', () => {
  it('CREATING, then ACTIVE with its directory URL; the same token within the hour is the same endpoint', async () => {
    h = await startHarness()
    const acm = h.acm()
    const arn = await endpoint(acm, 'tok')
    expect(arn).toMatch(new RegExp(`^arn:aws:acm:us-east-1:${CERT_ACCOUNT}:acme-endpoint/[a-f0-9-]+$`))
    expect(await status(acm, arn)).toBe('CREATING')
    h.clock.advance(h.sim.acme().knobs.endpointCreatingMs)
    const { AcmeEndpoint } = await acm.send(new DescribeAcmeEndpointCommand({ AcmeEndpointArn: arn }))
    expect(AcmeEndpoint).toMatchObject({
      Status: 'ACTIVE',
      AuthorizationBehavior: 'PRE_APPROVED',
      Contact: 'NOT_REQUIRED'
    })
    expect(AcmeEndpoint?.EndpointUrl).toMatch(/^https:\/\/acm-acme-enroll\.us-east-1\.api\.aws\/.+\/directory$/)
    expect(await endpoint(acm, 'tok')).toBe(arn)
    h.clock.advance(3_600_000)
    expect(await endpoint(acm, 'tok')).not.toBe(arn)
    const tags = await acm.send(new ListTagsForResourceCommand({ ResourceArn: arn }))
    expect(tags.Tags).toEqual([{ Key: 'k', Value: 'v' }])
  })

  it('is regional and per account: another account or Region lists nothing and cannot describe it', async () => {
    h = await startHarness()
    const arn = await endpoint(h.acm())
    expect((await h.acm(keysOf(DNS_ACCOUNT)).send(new ListAcmeEndpointsCommand({}))).AcmeEndpoints).toEqual([])
    expect((await h.acm(undefined, 1, 'eu-west-1').send(new ListAcmeEndpointsCommand({}))).AcmeEndpoints).toEqual([])
    const err = await errorOf(
      h.acm(keysOf(DNS_ACCOUNT)).send(new DescribeAcmeEndpointCommand({ AcmeEndpointArn: arn }))
    )
    expect(err.name).toBe('ResourceNotFoundException')
  })

  it('FAILED with its reason when scripted; deleting: DELETING, then gone with its validations', async () => {
    h = await startHarness()
    const acm = h.acm()
    h.sim.acme().knobs.endpointFailure = 'Account quota reached'
    const failed = await active(acm)
    expect((await acm.send(new DescribeAcmeEndpointCommand({ AcmeEndpointArn: failed }))).AcmeEndpoint).toMatchObject({
      Status: 'FAILED',
      FailureReason: 'Account quota reached'
    })
    h.sim.acme().knobs.endpointFailure = undefined
    const arn = await active(acm)
    await acm.send(
      new CreateAcmeDomainValidationCommand({
        AcmeEndpointArn: arn,
        DomainName: 'example.com',
        PrevalidationOptions: EXACT
      })
    )
    await acm.send(new DeleteAcmeEndpointCommand({ AcmeEndpointArn: arn }))
    expect(await status(acm, arn)).toBe('DELETING')
    expect(h.sim.acme().validations.size).toBe(0)
    h.clock.advance(h.sim.acme().knobs.deletingMs)
    expect((await errorOf(acm.send(new DescribeAcmeEndpointCommand({ AcmeEndpointArn: arn })))).name).toBe(
      'ResourceNotFoundException'
    )
  })

  it('refuses what the model refuses: another AuthorizationBehavior, an unknown key algorithm', async () => {
    h = await startHarness()
    const acm = h.acm()
    const send = (input: object) => acm.send(new CreateAcmeEndpointCommand(input as never))
    expect((await errorOf(send({ AuthorizationBehavior: 'ANY', CertificateAuthority: PUBLIC_CA }))).name).toBe(
      'ValidationException'
    )
    const rsa4096 = { PublicCertificateAuthority: { AllowedKeyAlgorithms: ['RSA_4096'] } }
    expect((await errorOf(send({ AuthorizationBehavior: 'PRE_APPROVED', CertificateAuthority: rsa4096 }))).name).toBe(
      'ValidationException'
    )
  })
})

describe('ACME domain validations', () => {
  const describe_ = async (acm: ACMClient, arn: string) =>
    (await acm.send(new DescribeAcmeDomainValidationCommand({ AcmeDomainValidationArn: arn }))).AcmeDomainValidation

  it('VALIDATING until its per-endpoint CNAME resolves, then VALID', async () => {
    h = await startHarness()
    const zoneId = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com' })
    const acm = h.acm()
    const [a, b] = [await active(acm), await active(acm)]
    const create = (ep: string) =>
      acm.send(
        new CreateAcmeDomainValidationCommand({
          AcmeEndpointArn: ep,
          DomainName: 'example.com',
          PrevalidationOptions: EXACT
        })
      )
    const { AcmeDomainValidationArn: arn = '' } = await create(a)
    expect(arn.startsWith(`${a}/acme-domain-validation/`)).toBe(true)
    const v = await describe_(acm, arn)
    const record = prevalidationRecord(a, 'example.com')
    expect(v?.PrevalidationDetails?.DnsPrevalidation?.ResourceRecord).toEqual({
      Name: record.name,
      Type: 'CNAME',
      Value: record.value
    })
    expect(prevalidationRecord(b, 'example.com').name).not.toBe(record.name) // one record per endpoint
    h.clock.advance(60 * 60_000)
    expect((await describe_(acm, arn))?.Status).toBe('VALIDATING')
    h.sim.putRecord(zoneId, { name: record.name, type: 'CNAME', values: [record.value] })
    expect((await describe_(acm, arn))?.Status).toBe('VALIDATING')
    h.clock.advance(h.sim.acme().knobs.validationDelayMs)
    expect((await describe_(acm, arn))?.Status).toBe('VALID')
  })

  it('INVALID: ENDPOINT_NOT_ACTIVE on a CREATING endpoint, a scripted reason, TIMED_OUT when never seen', async () => {
    h = await startHarness()
    const acm = h.acm()
    const create = async (ep: string, name: string) =>
      (
        await acm.send(
          new CreateAcmeDomainValidationCommand({ AcmeEndpointArn: ep, DomainName: name, PrevalidationOptions: EXACT })
        )
      ).AcmeDomainValidationArn ?? ''
    const creating = await endpoint(acm)
    expect((await describe_(acm, await create(creating, 'a.example.com')))?.FailureDetails?.Reason).toBe(
      'ENDPOINT_NOT_ACTIVE'
    )
    h.clock.advance(h.sim.acme().knobs.endpointCreatingMs)
    h.sim.acme().knobs.invalid = { domain: 'b.example.com', reason: 'DOMAIN_NOT_ALLOWED' }
    const scripted = await create(creating, 'b.example.com')
    const unseen = await create(creating, 'c.example.com')
    h.clock.advance(h.sim.acme().knobs.validationDelayMs)
    expect(await describe_(acm, scripted)).toMatchObject({
      Status: 'INVALID',
      FailureDetails: { Reason: 'DOMAIN_NOT_ALLOWED' }
    })
    h.clock.advance(72 * 3_600_000)
    expect(await describe_(acm, unseen)).toMatchObject({ Status: 'INVALID', FailureDetails: { Reason: 'TIMED_OUT' } })
  })

  it('HostedZoneId: ACM writes the CNAME into a public zone of the endpoint account; another account: HOSTED_ZONE_NOT_FOUND', async () => {
    h = await startHarness()
    const own = h.sim.addHostedZone({ accountId: CERT_ACCOUNT, name: 'example.net' })
    const foreign = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.org' })
    const acm = h.acm()
    const ep = await active(acm)
    const create = async (name: string, zone: string) =>
      (
        await acm.send(
          new CreateAcmeDomainValidationCommand({
            AcmeEndpointArn: ep,
            DomainName: name,
            PrevalidationOptions: { DnsPrevalidation: { DomainScope: { ExactDomain: 'ENABLED' }, HostedZoneId: zone } }
          })
        )
      ).AcmeDomainValidationArn ?? ''
    const managed = await create('www.example.net', own)
    const record = prevalidationRecord(ep, 'www.example.net')
    expect(h.sim.records(own)).toContainEqual(
      expect.objectContaining({ name: record.name, type: 'CNAME', values: [record.value] })
    )
    h.clock.advance(h.sim.acme().knobs.validationDelayMs)
    expect((await describe_(acm, managed))?.Status).toBe('VALID')
    const elsewhere = await create('www.example.org', foreign)
    expect(await describe_(acm, elsewhere)).toMatchObject({
      Status: 'INVALID',
      FailureDetails: { Reason: 'HOSTED_ZONE_NOT_FOUND' }
    })
    expect(h.sim.records(foreign).filter((r) => r.type === 'CNAME')).toEqual([])
  })

  it('DomainName is lower case without *. (wildcards are a scope switch)', async () => {
    h = await startHarness()
    const acm = h.acm()
    const ep = await active(acm)
    for (const name of ['*.example.com', 'Example.com']) {
      const err = await errorOf(
        acm.send(
          new CreateAcmeDomainValidationCommand({ AcmeEndpointArn: ep, DomainName: name, PrevalidationOptions: EXACT })
        )
      )
      expect(err.name).toBe('ValidationException')
    }
  })
})

describe('external account bindings', () => {
  it('credentials until revoked or expired; no accounts until a client registers', async () => {
    h = await startHarness()
    const acm = h.acm()
    const ep = await active(acm)
    const { ExternalAccountBinding: b } = await acm.send(
      new CreateAcmeExternalAccountBindingCommand({
        AcmeEndpointArn: ep,
        RoleArn: `arn:aws:iam::${CERT_ACCOUNT}:role/acme-clients`,
        Expiration: { Value: 2, Type: 'HOURS' }
      })
    )
    expect(b?.ExpiresAt?.getTime()).toBe(h.clock.now() + 2 * 3_600_000)
    const get = () =>
      acm.send(
        new GetAcmeExternalAccountBindingCredentialsCommand({
          AcmeExternalAccountBindingArn: b?.AcmeExternalAccountBindingArn
        })
      )
    const creds = await get()
    expect(creds.KeyId).toMatch(/^[0-9a-f]{22}$/)
    expect(creds.MacKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
    h.clock.advance(2 * 3_600_000)
    expect((await errorOf(get())).name).toBe('ConflictException')
    expect((await acm.send(new ListAcmeAccountsCommand({ AcmeEndpointArn: ep }))).AcmeAccounts).toEqual([])
    const { ExternalAccountBinding: c } = await acm.send(
      new CreateAcmeExternalAccountBindingCommand({
        AcmeEndpointArn: ep,
        RoleArn: `arn:aws:iam::${CERT_ACCOUNT}:role/acme-clients`
      })
    )
    await acm.send(
      new RevokeAcmeExternalAccountBindingCommand({ AcmeExternalAccountBindingArn: c?.AcmeExternalAccountBindingArn })
    )
    const revoked = acm.send(
      new GetAcmeExternalAccountBindingCredentialsCommand({
        AcmeExternalAccountBindingArn: c?.AcmeExternalAccountBindingArn
      })
    )
    expect((await errorOf(revoked)).name).toBe('ConflictException')
  })

  it('accounts the clients registered: listed, described, revoked for good', async () => {
    h = await startHarness()
    const acm = h.acm()
    const ep = await active(acm)
    const accountUrl = `https://acm-acme-enroll.us-east-1.api.aws/acct/1`
    h.sim.acme().accounts.push({
      endpointArn: ep,
      accountUrl,
      thumbprint: 't',
      status: 'VALID',
      createdAt: h.clock.now(),
      contacts: []
    })
    const listed = await acm.send(new ListAcmeAccountsCommand({ AcmeEndpointArn: ep }))
    expect(listed.AcmeAccounts?.map((a) => [a.AccountUrl, a.Status])).toEqual([[accountUrl, 'VALID']])
    await acm.send(new RevokeAcmeAccountCommand({ AcmeEndpointArn: ep, AccountUrl: accountUrl }))
    const described = await acm.send(new DescribeAcmeAccountCommand({ AcmeEndpointArn: ep, AccountUrl: accountUrl }))
    expect(described.AcmeAccount?.Status).toBe('REVOKED')
    const missing = acm.send(new DescribeAcmeAccountCommand({ AcmeEndpointArn: ep, AccountUrl: `${accountUrl}x` }))
    expect((await errorOf(missing)).name).toBe('ResourceNotFoundException')
  })

  it('refuses a RoleArn that is not a role', async () => {
    h = await startHarness()
    const acm = h.acm()
    const ep = await active(acm)
    const err = await errorOf(
      acm.send(
        new CreateAcmeExternalAccountBindingCommand({
          AcmeEndpointArn: ep,
          RoleArn: `arn:aws:iam::${CERT_ACCOUNT}:user/me`
        })
      )
    )
    expect(err.name).toBe('ValidationException')
  })
})
