// buildApp(config): the Fastify instance with every plugin and route, ready to listen or inject.
import accepts from '@fastify/accepts'
import sensible from '@fastify/sensible'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Server } from 'node:http'
import Fastify, { type FastifyHttpOptions, LogController } from 'fastify'
import type { DestinationStream } from 'pino'
import type { Config } from './config.js'
import { clientErrorHandler, frameworkErrorHandler } from './client-errors.js'
import { buildServerOptions } from './server-options.js'
import bodyPlugin from './plugins/body.js'
import compressPlugin from './plugins/compress.js'
import connectionsPlugin from './plugins/connections.js'
import cookiePlugin from './plugins/cookie.js'
import corsPlugin from './plugins/cors.js'
import dbPlugin from './plugins/db.js'
import errorsPlugin from './plugins/errors.js'
import httpsRedirectPlugin from './plugins/https-redirect.js'
import loadSheddingPlugin from './plugins/load-shedding.js'
import metricsPlugin from './plugins/metrics.js'
import openapiPlugin from './plugins/openapi.js'
import rateLimitPlugin from './plugins/rate-limit.js'
import requestLogPlugin, { LOG_REDACTION, requestIdOf } from './plugins/request-log.js'
import schemasPlugin from './plugins/schemas.js'
import securityPlugin, { securityHeaders } from './plugins/security.js'
import sessionPlugin from './plugins/session.js'
import staticPlugin from './plugins/static.js'
import usersRepository from './plugins/users-repository.js'
import accountsPlugin from './plugins/accounts.js'
import passwordsPlugin from './plugins/passwords.js'
import { buildSerializer } from './schemas/serialization.js'
import { buildValidator, schemaErrorFormatter } from './schemas/validation.js'
import { resolveSessionSecret } from './session-secret.js'
import cookieRoutes from './routes/cookie/index.js'
import healthRoutes from './routes/health/index.js'
import aboutPage from './routes/pages/about.js'
import accountPage from './routes/pages/account.js'
import homePage from './routes/pages/home.js'
import { notFoundPage } from './routes/pages/layout.js'
import sessionRoutes from './routes/session/index.js'
import usersRoutes from './routes/users/index.js'

export interface AppOptions {
  /** False for no log (tests); otherwise where the JSON lines go (default stdout) and, for tests, another level. */
  logger?: false | { stream?: DestinationStream, level?: string }
  /** False where the cluster primary has already run the migrations. */
  migrate?: boolean
  /** True in a cluster worker: the primary listens on METRICS_PORT and asks the workers for their metrics. */
  clusterWorker?: boolean
}

export async function buildApp (config: Config, options: AppOptions = {}) {
  const tls = config.TLS_CERT !== undefined
  const headers = securityHeaders(tls)
  const app = Fastify({
    // Fastify's overloads type the instance by the server it creates, but ours (http, https or http2)
    // is chosen from the config at run time. Routes and plugins use only the request/reply API that
    // node:http and node:http2's compatibility layer share, so the instance keeps the http.Server typing.
    ...buildServerOptions(config) as FastifyHttpOptions<Server>,
    logger: options.logger === false
      ? false
      : { level: options.logger?.level ?? config.LOG_LEVEL, redact: LOG_REDACTION, ...(options.logger?.stream && { stream: options.logger.stream }) },
    // The request-log plugin writes one line per request, when its response is done, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    trustProxy: config.TRUST_PROXY,
    // A request that reaches a closing server (e.g. a cluster worker being replaced) is served, not refused.
    return503OnClosing: false,
    clientErrorHandler: clientErrorHandler(headers),
    frameworkErrors: frameworkErrorHandler(headers),
    schemaErrorFormatter,
    schemaController: { compilersFactory: { buildValidator, buildSerializer } },
    // A parameter is never longer than the request line, which MAX_HEADER_SIZE bounds: find-my-way's
    // default of 100 characters would answer a long id 404 instead of the schema's 400 that says why.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: config.MAX_HEADER_SIZE }
  }).withTypeProvider<TypeBoxTypeProvider>()

  // First: its hooks run before any other plugin's, so even a request refused early carries its id.
  await app.register(requestLogPlugin)
  await app.register(connectionsPlugin, { config })
  await app.register(sensible)
  await app.register(loadSheddingPlugin, { maxEventLoopDelay: config.MAX_EVENT_LOOP_DELAY, maxHeapUsedBytes: config.MAX_HEAP_BYTES, maxRssBytes: config.MAX_RSS_BYTES })
  await app.register(schemasPlugin)
  await app.register(bodyPlugin)
  await app.register(compressPlugin)
  await app.register(securityPlugin, { tls })
  await app.register(accepts)
  await app.register(corsPlugin, { origins: config.CORS_ORIGINS })
  await app.register(cookiePlugin, { secret: resolveSessionSecret(config) })
  await app.register(dbPlugin, { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, migrate: options.migrate ?? true })
  await app.register(sessionPlugin, { config })
  await app.register(rateLimitPlugin, { max: config.RATE_LIMIT_MAX })
  if (config.METRICS_PORT !== undefined) {
    await app.register(metricsPlugin, options.clusterWorker === true ? {} : { listen: { host: config.METRICS_HOST, port: config.METRICS_PORT } })
  }
  await app.register(openapiPlugin)
  await app.register(staticPlugin, { reload: config.NODE_ENV === 'development' })
  await app.register(errorsPlugin, { notFoundPage })
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
  await app.register(aboutPage)

  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
