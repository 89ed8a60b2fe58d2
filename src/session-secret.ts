// The secret that signs cookies: SESSION_SECRET, or in development one generated once and kept in data/.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Config } from './config.js'

export const DEV_SECRET_FILE = 'data/session-secret'

/**
 * Every process reading the same file agrees on the secret, so cluster workers and restarts
 * accept each other's cookies. `wx` makes creation atomic when several workers start at once.
 */
export function resolveSessionSecret (config: Config, file = DEV_SECRET_FILE): string {
  if (config.SESSION_SECRET !== undefined) return config.SESSION_SECRET
  mkdirSync(dirname(file), { recursive: true })
  try {
    writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return readFileSync(file, 'utf8').trim()
}
