// npm run openapi: writes openapi.json and the client types generated from it (see openapi-files.ts).
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { documentText, OPENAPI_FILES, typesText } from './openapi-files.js'

// The document depends on the routes only; the configuration just has to start an app that touches
// nothing outside this process (no data/ files, no database server). The secret signs nothing here.
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', WORKERS: '1', LOG_LEVEL: 'silent', SESSION_SECRET: randomBytes(32).toString('hex') })
const app = await buildApp(config, { logger: false })
await app.ready()
const document = app.swagger()
await app.close()
await writeFile(OPENAPI_FILES.document, documentText(document))
await writeFile(OPENAPI_FILES.types, await typesText(document))
process.stdout.write(`Wrote ${OPENAPI_FILES.document} and ${OPENAPI_FILES.types}\n`)
