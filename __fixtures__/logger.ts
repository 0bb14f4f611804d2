// A Logger that records every line, so tests can assert what a user would read.
import type { Logger } from '../src/types.js'

export interface RecordingLogger extends Logger {
  readonly lines: { level: 'info' | 'warning' | 'debug'; message: string }[]
  text(): string
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = []
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warning: (message) => lines.push({ level: 'warning', message }),
    debug: (message) => lines.push({ level: 'debug', message }),
    text: () => lines.map((l) => `${l.level}: ${l.message}`).join('\n')
  }
}
