// Route 53 shapes for tests: a hosted zone as ListHostedZonesByName returns it (public, a private
// twin, or one that Cloud Map manages). Shared by the zone choice's table tests and the adapter's tests.
import type { HostedZone } from '@aws-sdk/client-route-53'

export function zone(name: string, id: string, kind: 'public' | 'private' | 'cloudmap' = 'public'): HostedZone {
  return {
    Id: `/hostedzone/${id}`,
    Name: `${name}.`,
    CallerReference: `ref-${id}`,
    Config: { PrivateZone: kind === 'private' },
    ...(kind === 'cloudmap' ? { LinkedService: { ServicePrincipal: 'servicediscovery.amazonaws.com' } } : {})
  }
}

/** Seven names over three zones (example.com, dev.example.com, example.org), a wildcard sharing its base's record. */
export const SEVEN_NAMES_THREE_ZONES: readonly string[] = [
  'example.com',
  '*.example.com',
  'www.example.com',
  'api.example.com',
  'a.dev.example.com',
  'b.dev.example.com',
  'www.example.org'
]
