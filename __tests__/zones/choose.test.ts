// The zone choice (zones/choose.ts) as table tests: the one usable public zone of a name, among
// private twins, Cloud Map zones and public namesakes. Pure: no client.
import { describe, expect, it } from '@jest/globals'
import { choosePublicZone } from '../../src/zones/choose.js'
import { zone } from '../../__fixtures__/zones.js'

const bareId = (id: string): string => id.replace(/^\/hostedzone\//, '')

describe('choosePublicZone', () => {
  const pub = zone('example.com', 'ZPUB')
  const dev = zone('dev.example.com', 'ZDEV')
  const priv = zone('example.com', 'ZPRIV', 'private')
  const cloudMap = zone('example.com', 'ZMAP', 'cloudmap')
  const pub2 = zone('example.com', 'ZPUB2')
  const notExample = zone('notexample.com', 'ZNOT')

  it.each([
    { title: 'one public zone', zones: [pub], name: 'example.com', zone: 'ZPUB', skipped: 0, ambiguous: undefined },
    {
      title: 'nested zones: the exact name only',
      zones: [pub, dev],
      name: 'dev.example.com',
      zone: 'ZDEV',
      skipped: 0,
      ambiguous: undefined
    },
    {
      title: 'parent of a nested zone',
      zones: [dev, pub],
      name: 'example.com',
      zone: 'ZPUB',
      skipped: 0,
      ambiguous: undefined
    },
    {
      title: 'private twin skipped',
      zones: [priv, pub],
      name: 'example.com',
      zone: 'ZPUB',
      skipped: 1,
      ambiguous: undefined
    },
    { title: 'private only', zones: [priv], name: 'example.com', zone: undefined, skipped: 1, ambiguous: undefined },
    {
      title: 'Cloud Map zone skipped',
      zones: [cloudMap],
      name: 'example.com',
      zone: undefined,
      skipped: 1,
      ambiguous: undefined
    },
    {
      title: 'duplicate public zones',
      zones: [pub, priv, pub2],
      name: 'example.com',
      zone: undefined,
      skipped: 1,
      ambiguous: ['ZPUB', 'ZPUB2']
    },
    {
      title: 'name mismatch on a label boundary',
      zones: [notExample],
      name: 'example.com',
      zone: undefined,
      skipped: 0,
      ambiguous: undefined
    },
    {
      title: 'case and trailing dot ignored',
      zones: [zone('Example.COM', 'ZUP')],
      name: 'example.com.',
      zone: 'ZUP',
      skipped: 0,
      ambiguous: undefined
    },
    { title: 'empty listing', zones: [], name: 'example.com', zone: undefined, skipped: 0, ambiguous: undefined }
  ])('$title', ({ zones, name, zone: expectedId, skipped, ambiguous }) => {
    const choice = choosePublicZone(zones, name)
    expect(choice.zone?.Id).toBe(expectedId && `/hostedzone/${expectedId}`)
    expect(choice.skipped).toHaveLength(skipped)
    expect(choice.ambiguous?.map((z) => bareId(z.Id ?? ''))).toEqual(ambiguous)
  })

  it('says why a zone was skipped', () => {
    expect(choosePublicZone([priv, cloudMap], 'example.com').skipped).toEqual([
      'a private zone example.com (ZPRIV)',
      expect.stringMatching(/example\.com \(ZMAP\).*servicediscovery\.amazonaws\.com.*Cloud Map/)
    ])
  })
})
