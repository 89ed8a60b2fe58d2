// Password hashing (scrypt from node:crypto, parameters kept in each hash) with bounded concurrency, and the common-password list.
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import fp from 'fastify-plugin'
import { RETRY_AFTER_SECONDS } from '../schemas/errors.js'

/** scrypt's block size and parallelism as OWASP gives them with N=2^17; only N is configurable. */
const BLOCK_SIZE = 8
const PARALLELISM = 1
const SALT_BYTES = 16
const KEY_BYTES = 32
/**
 * Hashes running at once: each takes 128 MiB at the production cost and one of libuv's 4 threads,
 * so two leave the other threads to file and DNS work, and memory stays under 300 MiB in a flood.
 */
export const HASH_CONCURRENCY = 2
/**
 * Hashes waiting for a turn: at about a third of a second a hash, the last one waits under 2 s. Past
 * this a login or registration gets 503 at once, so a flood builds neither memory nor a longer wait.
 */
export const HASH_QUEUE_LIMIT = 8

export interface HashParameters {
  /** log2 of N, scrypt's CPU and memory cost. */
  logN: number
  r: number
  p: number
}

/** `$scrypt$ln=17,r=8,p=1$<salt>$<key>` (PHC string format, base64 without padding): the parameters travel with the hash. */
const HASH_FORMAT = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

const COMMON_PASSWORDS = new Set(readFileSync(new URL('../../resources/common-passwords.txt', import.meta.url), 'utf8')
  .split('\n').filter((line) => line !== '' && !line.startsWith('#')))

/** NIST SP 800-63B asks for one Unicode normalisation, so the same password typed on two keyboards matches. */
function normalize (password: string): string {
  return password.normalize('NFKC')
}

/** True when the password is one of the shipped common ones (compared ignoring case). */
export function isCommonPassword (password: string): boolean {
  return COMMON_PASSWORDS.has(normalize(password).toLowerCase())
}

function derive (password: string, salt: Buffer, { logN, r, p }: HashParameters): Promise<Buffer> {
  const N = 2 ** logN
  // Node refuses by default anything over 32 MiB; allow what these parameters need, with room.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r }
  return new Promise((resolve, reject) => {
    scrypt(normalize(password), salt, KEY_BYTES, options, (error, key) => error === null ? resolve(key) : reject(error))
  })
}

function encode ({ logN, r, p }: HashParameters, salt: Buffer, key: Buffer): string {
  return `$scrypt$ln=${logN},r=${r},p=${p}$${salt.toString('base64').replace(/=+$/, '')}$${key.toString('base64').replace(/=+$/, '')}`
}

function decode (hash: string): { parameters: HashParameters, salt: Buffer, key: Buffer } | undefined {
  const match = HASH_FORMAT.exec(hash)
  if (match === null) return undefined
  const [, logN, r, p, salt, key] = match as unknown as [string, string, string, string, string, string]
  return { parameters: { logN: Number(logN), r: Number(r), p: Number(p) }, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') }
}

export interface HashStats {
  /** Hashes running now, and the most that ever ran at once. */
  running: number
  peakRunning: number
  /** Hashes computed since start (verifications included). */
  computed: number
}

/**
 * Runs at most `concurrency` tasks at once and keeps at most `queueLimit` waiting; past that it
 * throws `busy()` at once, so a flood costs neither memory nor an ever-growing wait.
 */
function createLimiter (concurrency: number, queueLimit: number, busy: () => Error) {
  const waiting: Array<() => void> = []
  const stats: HashStats = { running: 0, peakRunning: 0, computed: 0 }
  async function run<T> (task: () => Promise<T>): Promise<T> {
    if (stats.running >= concurrency) {
      if (waiting.length >= queueLimit) throw busy()
      // The finishing task hands its slot over without decrementing, so no newcomer can jump the queue.
      await new Promise<void>((resolve) => waiting.push(resolve))
    } else {
      stats.running++
    }
    stats.peakRunning = Math.max(stats.peakRunning, stats.running)
    try {
      return await task()
    } finally {
      stats.computed++
      const next = waiting.shift()
      if (next === undefined) stats.running--
      else next()
    }
  }
  return { run, stats }
}

export function createPasswords (logN: number, busy: () => Error) {
  const current: HashParameters = { logN, r: BLOCK_SIZE, p: PARALLELISM }
  const limiter = createLimiter(HASH_CONCURRENCY, HASH_QUEUE_LIMIT, busy)

  async function hash (password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES)
    return encode(current, salt, await limiter.run(() => derive(password, salt, current)))
  }

  return {
    parameters: current,
    stats: limiter.stats,
    hash,

    /** True when the password matches; a malformed hash never matches. */
    async verify (password: string, stored: string): Promise<boolean> {
      const decoded = decode(stored)
      if (decoded === undefined) return false
      const key = await limiter.run(() => derive(password, decoded.salt, decoded.parameters))
      return key.length === decoded.key.length && timingSafeEqual(key, decoded.key)
    },

    /**
     * Costs what a verification costs, for a login whose name is unknown: that answer then takes
     * about as long as a wrong password, so timing does not tell which names exist.
     */
    async waste (password: string): Promise<void> {
      await hash(password)
    },

    /** True when the hash was made with other parameters than today's (to be replaced at the next login). */
    isOutdated (stored: string): boolean {
      const decoded = decode(stored)
      if (decoded === undefined) return true
      const { logN, r, p } = decoded.parameters
      return logN !== current.logN || r !== current.r || p !== current.p
    }
  }
}

export type Passwords = ReturnType<typeof createPasswords>

declare module 'fastify' {
  interface FastifyInstance {
    passwords: Passwords
  }
}

export interface PasswordsPluginOptions {
  /** PASSWORD_HASH_COST: log2 of scrypt's N. */
  cost: number
}

export default fp<PasswordsPluginOptions>(async (app, { cost }) => {
  // Exposed: unlike other 5xx, the message tells the client what to do and reveals nothing.
  const busy = () => app.httpErrors.createError(503, 'Too many password checks are running; try again shortly',
    { expose: true, headers: { 'retry-after': RETRY_AFTER_SECONDS } })
  app.decorate('passwords', createPasswords(cost, busy))
}, { name: 'passwords', dependencies: ['@fastify/sensible'] })
