// The meeting point of every Region's validation records (issue 14): one publication for all
// Regions, once every Region still running has handed its records in or left.
import { recordingLogger } from '../../__fixtures__/logger.js'
import { RecordsRendezvous } from '../../src/run/regions-records.js'
import type { ValidationRecord } from '../../src/types.js'

const APEX: ValidationRecord = {
  name: '_a.example.com.',
  type: 'CNAME',
  value: '_a1.acm.aws.',
  domains: ['example.com']
}
const WWW: ValidationRecord = {
  name: '_w.www.example.com.',
  type: 'CNAME',
  value: '_w1.acm.aws.',
  domains: ['www.example.com']
}

interface Written {
  readonly name: string
  readonly zone: string
}

/** A publisher that records each call and writes every record into zone Z1. */
function publisher() {
  const calls: (readonly ValidationRecord[])[] = []
  let fail: Error | undefined
  const publish = async (records: readonly ValidationRecord[]): Promise<readonly Written[]> => {
    calls.push(records)
    if (fail) throw fail
    return records.map((r) => ({ name: r.name, zone: 'Z1' }))
  }
  return { calls, publish, failWith: (err: Error) => (fail = err) }
}

const settled = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error })
  )
const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('RecordsRendezvous', () => {
  it('publishes once, after every Region handed its records in, and gives each Region its own', async () => {
    const log = recordingLogger()
    const meet = new RecordsRendezvous<Written>(['us-east-1', 'eu-central-1'], log)
    const p = publisher()
    let usDone = false
    const us = meet.publish('us-east-1', [APEX], p.publish).then((r) => ((usDone = true), r))
    await tick()
    expect(p.calls).toEqual([]) // eu-central-1 is still on its way
    expect(usDone).toBe(false)
    const eu = meet.publish('eu-central-1', [APEX, WWW], p.publish)
    expect(await us).toEqual([{ name: APEX.name, zone: 'Z1' }])
    expect(await eu).toEqual([
      { name: APEX.name, zone: 'Z1' },
      { name: WWW.name, zone: 'Z1' }
    ])
    expect(p.calls).toEqual([[APEX, WWW]])
    expect(log.text()).toContain('2 distinct validation record(s) for 2 Region(s) (once for us-east-1, eu-central-1)')
  })

  it('does not wait for a Region that left (failed before its records, or had none to write)', async () => {
    const meet = new RecordsRendezvous<Written>(['us-east-1', 'eu-central-1', 'ap-south-1'], recordingLogger())
    const p = publisher()
    const eu = meet.publish('eu-central-1', [WWW], p.publish)
    meet.leave('us-east-1')
    await tick()
    expect(p.calls).toEqual([])
    meet.leave('ap-south-1')
    expect(await eu).toEqual([{ name: WWW.name, zone: 'Z1' }])
    expect(p.calls).toEqual([[WWW]])
    meet.leave('eu-central-1') // after its records: nothing happens
    expect(p.calls).toHaveLength(1)
  })

  it('fails every waiting Region with the error of the one publication', async () => {
    const meet = new RecordsRendezvous<Written>(['us-east-1', 'eu-central-1'], recordingLogger())
    const p = publisher()
    const denied = new Error('AccessDenied on ChangeResourceRecordSets')
    p.failWith(denied)
    const results = await Promise.all([
      settled(meet.publish('us-east-1', [APEX], p.publish)),
      settled(meet.publish('eu-central-1', [APEX], p.publish))
    ])
    expect(results).toEqual([{ error: denied }, { error: denied }])
    expect(p.calls).toHaveLength(1)
  })

  it('warns when one record name is asked for with two values, writing the first Region value', async () => {
    const log = recordingLogger()
    const meet = new RecordsRendezvous<Written>(['eu-central-1', 'us-east-1'], log)
    const p = publisher()
    const other = { ...APEX, value: '_other.acm.aws.' }
    const us = meet.publish('us-east-1', [other], p.publish)
    const eu = meet.publish('eu-central-1', [APEX], p.publish)
    await Promise.all([us, eu])
    expect(p.calls).toEqual([[APEX]])
    expect(log.lines).toContainEqual({
      level: 'warning',
      message: expect.stringContaining('certificate in us-east-1 may not validate')
    })
  })

  it('writes only what is missing when every Region is ISSUED already, every record otherwise', async () => {
    const seen: boolean[] = []
    const publish = async (records: readonly ValidationRecord[], onlyMissing: boolean) => {
      seen.push(onlyMissing)
      return records.map((r) => ({ name: r.name, zone: 'Z1' }))
    }
    for (const [us, eu] of [
      [true, true],
      [true, false],
      [false, false]
    ] as const) {
      const meet = new RecordsRendezvous<Written>(['us-east-1', 'eu-central-1'], recordingLogger())
      await Promise.all([
        meet.publish('us-east-1', [APEX], publish, us),
        meet.publish('eu-central-1', [APEX], publish, eu)
      ])
    }
    expect(seen).toEqual([true, false, false])
  })

  it('lets a Region that comes after the publication (or was never expected) publish on its own', async () => {
    const meet = new RecordsRendezvous<Written>(['us-east-1'], recordingLogger())
    const p = publisher()
    await meet.publish('us-east-1', [APEX], p.publish)
    await meet.publish('us-east-1', [WWW], p.publish)
    await meet.publish('eu-west-1', [WWW], p.publish)
    expect(p.calls).toEqual([[APEX], [WWW], [WWW]])
  })
})
