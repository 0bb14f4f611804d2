import { Inputs } from '../../src/constants.js'
import { InputError } from '../../src/errors.js'
import { usesRoute53 } from '../../src/inputs/index.js'
import { configFrom } from '../../__fixtures__/config.js'

const audit = { [Inputs.Mode]: 'audit', [Inputs.AwsRegion]: 'eu-west-1' }

function errorOf(inputs: Record<string, string>): InputError {
  try {
    configFrom(inputs, {})
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return err as InputError
  }
  throw new Error('readConfig did not throw')
}

describe('audit inputs', () => {
  it('need no name: the defaults audit the managed certificates, fail on risk, repair nothing', () => {
    const config = configFrom(audit, {})
    expect(config).toMatchObject({
      mode: 'audit',
      allNames: [],
      auditScope: 'managed',
      repair: false,
      failOn: 'at-risk'
    })
    expect(usesRoute53(config)).toBe(true)
  })

  it('take the scope, repair, fail-on and narrowing names', () => {
    const config = configFrom(
      {
        ...audit,
        [Inputs.AuditScope]: 'all',
        [Inputs.Repair]: 'true',
        [Inputs.FailOn]: 'none',
        [Inputs.DomainName]: 'Example.com',
        [Inputs.SubjectAlternativeNames]: 'www.example.com'
      },
      {}
    )
    expect(config).toMatchObject({
      auditScope: 'all',
      repair: true,
      failOn: 'none',
      allNames: ['example.com', 'www.example.com']
    })
  })

  it('makes no Route 53 call with dns-provider external (public DNS checks only)', () => {
    expect(usesRoute53(configFrom({ ...audit, [Inputs.DnsProvider]: 'external' }, {}))).toBe(false)
  })

  it.each([
    [Inputs.AuditScope, 'mine', /audit-scope/],
    [Inputs.FailOn, 'always', /fail-on/],
    [Inputs.Repair, 'maybe', /repair/],
    [Inputs.CertificateArn, 'arn:aws:acm:eu-west-1:111111111111:certificate/1', /is not for mode audit/]
  ])('refuse %s %p', (input, value, message) => {
    const err = errorOf({ ...audit, [input]: value })
    expect(err.message).toMatch(message)
    expect(err.message).toContain(value)
  })
})
