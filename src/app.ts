// buildApp(config): the Fastify instance with every plugin and route, ready to listen or inject.
import accepts from '@fastify/accepts'
import sensible from '@fastify/sensible'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'
import cookiePlugin from './plugins/cookie.js'
import dbPlugin from './plugins/db.js'
import errorsPlugin from './plugins/errors.js'
import openapiPlugin from './plugins/openapi.js'
import securityPlugin from './plugins/security.js'
import staticPlugin from './plugins/static.js'
import { schemaErrorFormatter, validatorCompiler } from './plugins/validation.js'
import { resolveSessionSecret } from './session-secret.js'
import healthRoutes from './routes/health/index.js'
import usersRepository from './routes/users/repository.js'
import usersRoutes from './routes/users/index.js'

export interface AppOptions {
  /** Fastify's logger option; tests pass false. Defaults to pino at LOG_LEVEL. */
  logger?: FastifyServerOptions['logger']
  /** False where the cluster primary has already run the migrations. */
  migrate?: boolean
}

export async function buildApp (config: Config, options: AppOptions = {}) {
  const app = Fastify({
    logger: options.logger ?? { level: config.LOG_LEVEL },
    trustProxy: config.TRUST_PROXY,
    // A request that reaches a closing server (e.g. a cluster worker being replaced) is served, not refused.
    return503OnClosing: false,
    schemaErrorFormatter,
    routerOptions: { ignoreTrailingSlash: true }
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  // Bodies are JSON (forms only where a route registers @fastify/formbody); text/plain is a 415.
  app.removeContentTypeParser('text/plain')

  await app.register(sensible)
  await app.register(securityPlugin, { tls: config.TLS_CERT !== undefined })
  await app.register(accepts)
  await app.register(cookiePlugin, { secret: resolveSessionSecret(config) })
  await app.register(dbPlugin, { url: config.DATABASE_URL, migrate: options.migrate ?? true })
  await app.register(openapiPlugin)
  await app.register(staticPlugin)
  await app.register(errorsPlugin)

  await app.register(usersRepository)
  await app.register(usersRoutes, { prefix: '/users' })
  await app.register(healthRoutes, { prefix: '/health' })

  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
