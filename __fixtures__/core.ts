// A recording stand-in for @actions/core, loaded with jest.unstable_mockModule before main.ts is
// imported (the ESM way, as in actions/typescript-action's __fixtures__/core.ts).
import { jest } from '@jest/globals'

export interface CoreMock {
  inputs: Record<string, string>
  /** Where getIDToken fetches from (the simulator's OIDC endpoint), like the real toolkit. */
  oidc: { url: string; token: string } | undefined
  outputs: Record<string, string>
  errors: { message: string; title: string | undefined }[]
  lines: string[]
  module: Record<string, unknown>
  reset(): void
}

export function coreMock(): CoreMock {
  const mock: CoreMock = {
    inputs: {},
    oidc: undefined,
    outputs: {},
    errors: [],
    lines: [],
    module: {},
    reset() {
      mock.inputs = {}
      mock.oidc = undefined
      mock.outputs = {}
      mock.errors = []
      mock.lines = []
    }
  }
  const log = (level: string) => (message: unknown) => void mock.lines.push(`${level}: ${String(message)}`)
  const summary = {
    addRaw: () => summary,
    write: async () => summary
  }
  mock.module = {
    getInput: jest.fn((name: string) => mock.inputs[name] ?? ''),
    getIDToken: jest.fn(async (audience: string) => {
      if (!mock.oidc) throw new Error('no OIDC endpoint in this test')
      const response = await fetch(`${mock.oidc.url}&audience=${encodeURIComponent(audience)}`, {
        headers: { Authorization: `Bearer ${mock.oidc.token}` }
      })
      const body = (await response.json()) as { value?: string }
      if (!body.value) throw new Error(`OIDC endpoint answered ${response.status}`)
      return body.value
    }),
    setSecret: jest.fn(),
    setOutput: jest.fn((name: string, value: unknown) => {
      mock.outputs[name] = String(value)
    }),
    info: jest.fn(log('info')),
    debug: jest.fn(log('debug')),
    notice: jest.fn(log('notice')),
    warning: jest.fn(log('warning')),
    error: jest.fn((message: unknown, properties?: { title?: string }) => {
      mock.errors.push({ message: String(message), title: properties?.title })
    }),
    group: jest.fn(async (_name: string, fn: () => Promise<unknown>) => fn()),
    summary
  }
  return mock
}
