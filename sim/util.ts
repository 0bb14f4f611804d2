// Small deterministic helpers shared by the simulated services.
import { createHash, createHmac } from 'node:crypto'

export type Clock = () => number

/** Seeded PRNG (mulberry32): fault rates and ids are reproducible run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

export function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex')
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** A deterministic id from a seed string, drawn from `alphabet`. */
export function idFrom(seed: string, length: number, alphabet = UPPER_ALNUM): string {
  const bytes = Buffer.from(sha256Hex(seed) + sha256Hex(`${seed}#`), 'hex')
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i % bytes.length] ?? 0) % alphabet.length]
  return out
}

/** A UUID-shaped deterministic id (ACM certificate ids look like this). */
export function uuidFrom(seed: string): string {
  const h = sha256Hex(seed)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** Shell-style glob (`*` any run, `?` one character), as IAM StringLike conditions use. */
export function globMatch(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${regex}$`).test(value)
}

export const SECOND = 1000
export const HOUR = 3600 * SECOND
export const DAY = 24 * HOUR

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
