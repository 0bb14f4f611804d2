import { checkPublicRecords, type CnameResolver } from '../../src/audit/public-dns.js'

const V = '_b2.abcdefghij.acm-validations.aws.'

function resolver(script: Record<string, string[] | { code: string }>): CnameResolver & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    resolveCname: async (name) => {
      asked.push(name)
      const entry = script[name] ?? { code: 'ENOTFOUND' }
      if ('code' in entry) throw Object.assign(new Error(`queryCname ${entry.code} ${name}`), { code: entry.code })
      return entry
    }
  }
}

describe('checkPublicRecords', () => {
  it('classifies each answer and asks once per record name', async () => {
    const r = resolver({
      '_1.example.com': [V.slice(0, -1)],
      '_2.example.com': ['_other.abc.acm-validations.aws'],
      '_3.example.com': { code: 'ENODATA' },
      '_5.example.com': { code: 'ETIMEOUT' },
      '_6.example.com': { code: 'ESERVFAIL' }
    })
    const records = ['_1', '_2', '_3', '_4', '_5', '_6', '_1'].map((t) => ({ name: `${t}.example.com.`, value: V }))
    const out = await checkPublicRecords(records, r)
    expect(Object.fromEntries(out)).toEqual({
      '_1.example.com.': { state: 'exact' },
      '_2.example.com.': { state: 'wrong', values: ['_other.abc.acm-validations.aws.'] },
      '_3.example.com.': { state: 'missing' },
      '_4.example.com.': { state: 'missing' },
      '_5.example.com.': { state: 'unknown', reason: 'ETIMEOUT' },
      '_6.example.com.': { state: 'unknown', reason: 'ESERVFAIL' }
    })
    expect(r.asked.sort()).toEqual(['_1', '_2', '_3', '_4', '_5', '_6'].map((t) => `${t}.example.com`))
  })
})
