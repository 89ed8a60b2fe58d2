// buildApp(config): the Fastify instance with every plugin and route, ready to listen or inject.
import accepts from '@fastify/accepts'
import sensible from '@fastify/sensible'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Server } from 'node:http'
import Fastify, { type FastifyHttpOptions, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.js'
import { buildServerOptions } from './server-options.js'
import bodyPlugin from './plugins/body.js'
import compressPlugin from './plugins/compress.js'
import cookiePlugin from './plugins/cookie.js'
import corsPlugin from './plugins/cors.js'
import dbPlugin from './plugins/db.js'
import errorsPlugin from './plugins/errors.js'
import httpsRedirectPlugin from './plugins/https-redirect.js'
import openapiPlugin from './plugins/openapi.js'
import rateLimitPlugin from './plugins/rate-limit.js'
import securityPlugin from './plugins/security.js'
import sessionPlugin from './plugins/session.js'
import staticPlugin from './plugins/static.js'
import usersRepository from './plugins/users-repository.js'
import accountsPlugin from './plugins/accounts.js'
import passwordsPlugin from './plugins/passwords.js'
import { schemaErrorFormatter, validatorCompiler } from './schemas/validation.js'
import { resolveSessionSecret } from './session-secret.js'
import cookieRoutes from './routes/cookie/index.js'
import healthRoutes from './routes/health/index.js'
import accountPage from './routes/pages/account.js'
import homePage from './routes/pages/home.js'
import sessionRoutes from './routes/session/index.js'
import usersRoutes from './routes/users/index.js'

export interface AppOptions {
  /** Fastify's logger option; tests pass false. Defaults to pino at LOG_LEVEL. */
  logger?: FastifyServerOptions['logger']
  /** False where the cluster primary has already run the migrations. */
  migrate?: boolean
}

export async function buildApp (config: Config, options: AppOptions = {}) {
  const app = Fastify({
    // Fastify's overloads type the instance by the server it creates, but ours (http, https or http2)
    // is chosen from the config at run time. Routes and plugins use only the request/reply API that
    // node:http and node:http2's compatibility layer share, so the instance keeps the http.Server typing.
    ...buildServerOptions(config) as FastifyHttpOptions<Server>,
    logger: options.logger ?? { level: config.LOG_LEVEL },
    trustProxy: config.TRUST_PROXY,
    // A request that reaches a closing server (e.g. a cluster worker being replaced) is served, not refused.
    return503OnClosing: false,
    schemaErrorFormatter,
    routerOptions: { ignoreTrailingSlash: true }
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)

  await app.register(sensible)
  await app.register(bodyPlugin)
  await app.register(compressPlugin)
  await app.register(securityPlugin, { tls: config.TLS_CERT !== undefined })
  await app.register(accepts)
  await app.register(corsPlugin, { origins: config.CORS_ORIGINS })
  await app.register(cookiePlugin, { secret: resolveSessionSecret(config) })
  await app.register(dbPlugin, { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, migrate: options.migrate ?? true })
  await app.register(sessionPlugin, { config })
  await app.register(rateLimitPlugin, { max: config.RATE_LIMIT_MAX })
  await app.register(openapiPlugin)
  await app.register(staticPlugin)
  await app.register(errorsPlugin)
  if (config.HTTP_REDIRECT_PORT !== undefined) await app.register(httpsRedirectPlugin, { host: config.HOST, port: config.HTTP_REDIRECT_PORT })

  await app.register(usersRepository)
  await app.register(passwordsPlugin, { cost: config.PASSWORD_HASH_COST })
  await app.register(accountsPlugin)
  await app.register(usersRoutes, { prefix: '/users' })
  await app.register(healthRoutes, { prefix: '/health' })
  await app.register(cookieRoutes, { prefix: '/cookie', ttl: config.SESSION_TTL })
  await app.register(sessionRoutes, { loginRateLimit: config.LOGIN_RATE_LIMIT_MAX })
  await app.register(homePage)
  await app.register(accountPage)

  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
