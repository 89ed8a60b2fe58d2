// The environment, validated once against one TypeBox schema; Config is derived from it.
import { availableParallelism } from 'node:os'
import { existsSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'
import Type, { type Static, type TSchema } from 'typebox'
import Value from 'typebox/value'
import { StartupError } from './startup-error.js'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const Port = (description: string, fallback?: number) =>
  Type.Integer({ minimum: 0, maximum: 65535, description, ...(fallback === undefined ? {} : { default: fallback }) })
const Flag = (description: string) => Type.Boolean({ default: false, description })
/** OWASP's scrypt parameters (N=2^17, r=8, p=1): the least a real deployment may use. */
export const PRODUCTION_HASH_COST = 17

const Count = (fallback: number, description: string) => Type.Integer({ minimum: 0, default: fallback, description })
const Milliseconds = (fallback: number, description: string) => Type.Integer({ minimum: 1, default: fallback, description: `milliseconds, ${description}` })

/** Past this much of V8's heap limit, garbage collection eats the CPU and the process is close to dying: shed load. */
const DEFAULT_MAX_HEAP_BYTES = Math.floor(getHeapStatistics().heap_size_limit * 0.9)

export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Enum(['development', 'production', 'test'], { default: 'development', description: 'development, production or test' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'an address to bind' }),
  PORT: Port('a port number from 0 to 65535 (0 = any free port)', 8080),
  DATABASE_URL: Type.String({
    pattern: '^(sqlite:.+|postgres(ql)?://.+)$',
    default: 'sqlite:data/app.db',
    description: 'sqlite:<path>, sqlite::memory: or postgres://user@host/db'
  }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'PostgreSQL connections per process, 1 to 100' }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://.+', description: 'a redis:// or rediss:// URL' })),
  REDIS_KEY_PREFIX: Type.String({ minLength: 1, default: 'sess:', description: 'a non-empty prefix for the session keys in Redis' }),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'at least 32 characters', secret: true })),
  SESSION_TTL: Type.Integer({ minimum: 1, default: 300, description: 'seconds, at least 1' }),
  SESSION_MAX_AGE: Type.Integer({ minimum: 1, default: 28800, description: 'seconds from login, at least 1' }),
  TLS_CERT: Type.Optional(Type.String({ minLength: 1, description: 'a PEM certificate file path' })),
  TLS_KEY: Type.Optional(Type.String({ minLength: 1, description: 'a PEM private key file path' })),
  TLS_CA: Type.Optional(Type.String({ minLength: 1, description: 'comma-separated PEM file paths' })),
  HTTP2: Flag('true or false (needs TLS_CERT and TLS_KEY)'),
  HTTP_REDIRECT_PORT: Type.Optional(Port('a port number from 0 to 65535 (needs TLS_CERT and TLS_KEY)')),
  WORKERS: Type.Integer({ minimum: 1, maximum: 256, default: availableParallelism(), description: 'a whole number from 1 to 256' }),
  SHUTDOWN_GRACE: Type.Integer({ minimum: 1, default: 10000, description: 'milliseconds, at least 1' }),
  LOG_LEVEL: Type.Enum([...LOG_LEVELS], { default: 'info', description: LOG_LEVELS.join(', ') }),
  TRUST_PROXY: Flag('true or false'),
  CORS_ORIGINS: Type.Optional(Type.String({
    pattern: '^https?://[^/,\\s]+(\\s*,\\s*https?://[^/,\\s]+)*$',
    description: 'comma-separated origins such as https://app.example.com (scheme, host and port, no path)'
  })),
  RATE_LIMIT_MAX: Count(1000, 'requests per minute, 0 = off'),
  LOGIN_RATE_LIMIT_MAX: Count(10, 'login attempts per minute, 0 = off'),
  PASSWORD_HASH_COST: Type.Integer({
    minimum: 10,
    maximum: 20,
    default: PRODUCTION_HASH_COST,
    description: `log2 of scrypt's N, ${PRODUCTION_HASH_COST} (OWASP, 128 MiB a hash) to 20; 10 to ${PRODUCTION_HASH_COST - 1} only with NODE_ENV=test`
  }),
  METRICS_PORT: Type.Optional(Port('a port number from 0 to 65535 for the Prometheus /metrics listener')),
  METRICS_HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'an address to bind the metrics listener' }),
  MAX_EVENT_LOOP_DELAY: Count(1000, 'milliseconds of mean event-loop delay before shedding load, 0 = off'),
  MAX_HEAP_BYTES: Count(DEFAULT_MAX_HEAP_BYTES, 'bytes of V8 heap in use before shedding load, 0 = off'),
  MAX_RSS_BYTES: Count(0, 'bytes of resident memory before shedding load, 0 = off'),
  HEADERS_TIMEOUT: Milliseconds(5000, 'at least 1, for the request headers to arrive'),
  REQUEST_TIMEOUT: Milliseconds(30_000, 'at least 1 and at least HEADERS_TIMEOUT, for the whole request to arrive'),
  KEEP_ALIVE_TIMEOUT: Milliseconds(72_000, 'at least 1, an idle keep-alive connection or HTTP/2 session is kept'),
  CONNECTION_TIMEOUT: Milliseconds(60_000, 'at least 1, a connection may stay silent while a request is under way'),
  MAX_CONNECTIONS: Type.Integer({ minimum: 1, default: 4096, description: 'connections (and HTTP/2 sessions) per process, at least 1' }),
  MAX_HEADER_SIZE: Type.Integer({ minimum: 1024, default: 16_384, description: 'bytes of request headers, at least 1024' }),
  MAX_HEADERS_COUNT: Type.Integer({ minimum: 4, maximum: 2000, default: 100, description: 'request headers, 4 to 2000' })
})

export type Config = Static<typeof ConfigSchema>

/** A mistake in the environment; its message is the one line the user sees. */
export class ConfigError extends StartupError {
  override name = 'ConfigError'
}

function describe (schema: TSchema): string {
  return (schema as { description?: string }).description ?? 'see README'
}

/**
 * Reads the environment (and the file ENV_FILE names, `.env` by default, when present). Empty strings count as unset,
 * as they would in a shell `VAR= cmd`.
 */
export function loadConfig (env: NodeJS.ProcessEnv = readEnvironment()): Config {
  const input: Record<string, string> = {}
  for (const name of Object.keys(ConfigSchema.properties)) {
    const value = env[name]
    if (value !== undefined && value !== '') input[name] = value
  }
  const config = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, { ...input })) as Record<string, unknown>
  const [error] = Value.Errors(ConfigSchema, config)
  if (error !== undefined) {
    const name = error.instancePath.slice(1)
    const property = ConfigSchema.properties[name as keyof Config]
    throw new ConfigError(`Invalid configuration: ${name}${shown(property, input[name] ?? '')} is not allowed; expected ${describe(property)}`)
  }
  return checkCombinations(config as Config)
}

/**
 * The rejected value as the error line shows it: never a secret (only its length), and a
 * URL without its password, since start-up errors end up in logs.
 */
function shown (property: TSchema, value: string): string {
  if ((property as { secret?: boolean }).secret === true) return ` (${value.length} characters)`
  return `=${JSON.stringify(value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^/@]*@/i, '$1:***@'))}`
}

function checkCombinations (config: Config): Config {
  if (config.NODE_ENV === 'production' && config.SESSION_SECRET === undefined) {
    throw new ConfigError('Invalid configuration: SESSION_SECRET is required when NODE_ENV=production; expected at least 32 characters')
  }
  if ((config.TLS_CERT === undefined) !== (config.TLS_KEY === undefined)) {
    throw new ConfigError('Invalid configuration: TLS_CERT and TLS_KEY must be set together')
  }
  if (config.DATABASE_URL === 'sqlite::memory:' && config.WORKERS > 1) {
    throw new ConfigError(`Invalid configuration: DATABASE_URL=sqlite::memory: cannot be shared by ${config.WORKERS} workers; use a sqlite:<file> or postgres:// URL, or WORKERS=1`)
  }
  // Cheap hashes keep the test suite fast; anywhere else they would make stolen hashes cheap to crack.
  if (config.NODE_ENV !== 'test' && config.PASSWORD_HASH_COST < PRODUCTION_HASH_COST) {
    throw new ConfigError(`Invalid configuration: PASSWORD_HASH_COST=${config.PASSWORD_HASH_COST} is allowed only with NODE_ENV=test; expected ${PRODUCTION_HASH_COST} to 20`)
  }
  if (config.HEADERS_TIMEOUT > config.REQUEST_TIMEOUT) {
    throw new ConfigError(`Invalid configuration: HEADERS_TIMEOUT=${config.HEADERS_TIMEOUT} is more than REQUEST_TIMEOUT=${config.REQUEST_TIMEOUT}; the headers are part of the request`)
  }
  if (config.METRICS_PORT !== undefined && config.METRICS_PORT !== 0 && config.METRICS_PORT === config.PORT) {
    throw new ConfigError(`Invalid configuration: METRICS_PORT=${config.METRICS_PORT} is also PORT; metrics need a listener of their own`)
  }
  const tls = config.TLS_CERT !== undefined
  for (const name of ['HTTP2', 'HTTP_REDIRECT_PORT', 'TLS_CA'] as const) {
    if (!tls && config[name] !== undefined && config[name] !== false) {
      throw new ConfigError(`Invalid configuration: ${name} needs TLS_CERT and TLS_KEY`)
    }
  }
  return config
}

function readEnvironment (): NodeJS.ProcessEnv {
  const chosen = process.env.ENV_FILE
  // ENV_FILE=/dev/null reads no file, as the tests' spawned servers do.
  if (chosen !== undefined && chosen !== '' && !existsSync(chosen)) {
    throw new ConfigError(`Invalid configuration: ENV_FILE=${JSON.stringify(chosen)} is not allowed; expected the path of an existing file`)
  }
  const file = chosen || '.env'
  if (existsSync(file)) process.loadEnvFile(file)
  return process.env
}
