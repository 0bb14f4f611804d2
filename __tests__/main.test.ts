// main.ts: logSafe, which keeps user text in a log line from becoming a workflow command.
import { describe, expect, it } from '@jest/globals'
import { logSafe } from '../src/main.js'

describe('logSafe: user text in a log line never becomes a workflow command', () => {
  it.each([
    ['Report written to out/r.json\n::error title=x::y', 'Report written to out/r.json\\n::error title=x::y'],
    ['a\r::warning::b', 'a\\r::warning::b'],
    ['tab\there \u001b[31mred', 'tab\\there \\u001b[31mred'],
    ['::error::at the start', '\\::error::at the start'],
    ['  ::set-output name=x::y', '  \\::set-output name=x::y'],
    ['line\u2028::error::sep', 'line\\u2028::error::sep'],
    [
      'Certificate arn:aws:acm:us-east-1:111111111111:certificate/abc is ISSUED',
      'Certificate arn:aws:acm:us-east-1:111111111111:certificate/abc is ISSUED'
    ]
  ])('%j → %j', (text, shown) => {
    const line = logSafe(text)
    expect(line).toBe(shown)
    expect(line.split(/\r\n|\r|\n|\u2028|\u2029/)).toHaveLength(1)
    expect(line.trimStart().startsWith('::')).toBe(false)
  })
})
