// npm run user:admin -- <name>: makes an existing user an admin in the configured database; the only way to get one.
import { pathToFileURL } from 'node:url'
import { loadConfig } from './config.js'
import { describeDatabase } from './db/dialect.js'
import { migrateToLatest, openDatabase } from './db/index.js'
import { createUsersRepository } from './plugins/users-repository.js'
import { StartupError } from './startup-error.js'

/** Promotes the named user (env: the environment, else process.env and .env as the service reads them); resolves to the line to print, or throws a StartupError with the reason. */
export async function makeAdmin (args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const name = args.join(' ').trim()
  if (name === '') throw new StartupError('Usage: npm run user:admin -- <name>')
  const config = loadConfig(env)
  const log = { warn: (details: object, message: string) => { console.error(message, JSON.stringify(details)) } }
  const db = await openDatabase(config.DATABASE_URL, { poolSize: 1, logger: log })
  try {
    await migrateToLatest(db, config.DATABASE_URL, log)
    const promoted = await createUsersRepository(db).promote(name)
    if (promoted === undefined) throw new StartupError(`No user is named "${name}" in ${describeDatabase(config.DATABASE_URL)}; nothing changed`)
    const { user, changed } = promoted
    return changed ? `${user.name} (id ${user.id}) is now an admin` : `${user.name} (id ${user.id}) is an admin already; nothing changed`
  } finally {
    await db.destroy()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  makeAdmin(process.argv.slice(2)).then((line) => console.log(line), (error: unknown) => {
    if (!(error instanceof StartupError)) throw error
    console.error(error.message)
    process.exitCode = 1
  })
}
