// Everything that differs between SQLite and PostgreSQL lives here; the rest of the code is the same for both.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import {
  type ColumnDefinitionBuilder, type CompiledQuery, type DatabaseConnection, type DatabaseIntrospector, type DatabaseMetadata,
  type Dialect, type Driver, Kysely, PostgresDialect, type QueryCompiler, type QueryResult, type SchemaMetadata, SqliteDialect, type SqliteDatabase,
  sql, type TableMetadata, type TransactionSettings
} from 'kysely'
import pg from 'pg'

export type DatabaseKind = 'sqlite' | 'postgres'

export interface DialectOptions {
  /** PostgreSQL connections this process may hold at once (SQLite has one connection). */
  poolSize: number
  /** Where a pooled PostgreSQL connection that breaks while idle is reported; the pool replaces it. */
  logger: DatabaseLogger
}

export interface DatabaseLogger {
  warn: (details: { err: Error }, message: string) => void
}

/** A new connection that takes longer than this fails, so start-up and requests never hang on it. */
const CONNECT_TIMEOUT_MS = 5000
/** PostgreSQL cancels a statement that runs longer; the connection stays usable. */
const STATEMENT_TIMEOUT_MS = 10_000
/** The client gives up on a server that does not answer at all (e.g. a dead network path). */
const QUERY_TIMEOUT_MS = 15_000
const TIMESTAMPTZ_OID = 1184
/** Prepared SQLite statements kept at once; the service's queries are far fewer. */
const STATEMENT_CACHE_SIZE = 200

/**
 * SQLSTATEs and messages of PostgreSQL being away, restarting, overloaded or too slow:
 * the request may succeed if retried later, so it is a 503, not a 500.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014'])
const UNAVAILABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed)/
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])

export function databaseKind (url: string): DatabaseKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres'
}

/** Which database and where, for log lines and error messages, without credentials. */
export function describeDatabase (url: string): string {
  if (databaseKind(url) === 'sqlite') return `SQLite ${url.slice('sqlite:'.length)}`
  const parsed = new URL(url)
  return `PostgreSQL at ${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`
}

export function createDialect (url: string, options: DialectOptions): Dialect {
  return databaseKind(url) === 'sqlite' ? sqliteDialect(url) : postgresDialect(url, options)
}

function sqliteDialect (url: string): Dialect {
  const file = url.slice('sqlite:'.length)
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const database = new SQLite(file)
  // WAL lets readers and one writer in several processes share the file; the busy
  // timeout makes a second writer wait for the lock instead of failing at once.
  database.pragma('journal_mode = WAL')
  database.pragma('busy_timeout = 5000')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  return new CachedSqliteDialect(new CachedStatements(database))
}

/**
 * The database with one prepared statement per SQL text. Kysely's SQLite driver calls prepare() for
 * every query, which made SQLite parse and plan the same SQL again each time (about 10 % of the CPU of
 * a GET /users/:id). A statement can be run again with new parameters, and the driver runs one query
 * at a time on its one connection (a stream holds the connection), so sharing it is safe.
 */
class CachedStatements implements SqliteDatabase {
  readonly #statements = new Map<string, SQLite.Statement>()

  constructor (readonly database: SQLite.Database) {}

  close (): void {
    this.database.close()
  }

  prepare (text: string): SQLite.Statement {
    let statement = this.#statements.get(text)
    if (statement === undefined) {
      // Bounded in case some query ever builds a new text per call: the oldest entry goes.
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value as string)
      statement = this.database.prepare(text)
      this.#statements.set(text, statement)
    }
    return statement
  }
}

/** Kysely's SQLite dialect on our statement cache, which the immediate runner below shares. */
class CachedSqliteDialect extends SqliteDialect {
  constructor (readonly statements: CachedStatements) {
    super({ database: statements })
  }
}

/** Runs a compiled query at once and gives its rows, or undefined when it must wait its turn through Kysely. */
export type ImmediateRunner = (text: string, parameters: readonly unknown[]) => unknown[] | undefined

const immediateRunners = new WeakMap<Kysely<any>, ImmediateRunner>() // Kysely<any>: whatever the tables, one runner per instance

/**
 * On SQLite, the hot queries (db/compiled-query.ts) skip Kysely's executor: its connection mutex,
 * result plugins and a dozen promise hops cost about 6 µs a query, though better-sqlite3 runs the
 * statement synchronously, so nothing can run in between. Only while a transaction is open on the one
 * connection does a query wait its turn through Kysely, so it never lands inside another's
 * transaction. PostgreSQL has no such runner: its queries go through its pool.
 */
export function registerImmediateRunner (db: Kysely<any>, dialect: Dialect): void { // Kysely<any>: see immediateRunners
  if (!(dialect instanceof CachedSqliteDialect)) return
  const { statements } = dialect
  immediateRunners.set(db, (text, parameters) => {
    if (statements.database.inTransaction) return undefined
    const statement = statements.prepare(text)
    if (statement.reader) return statement.all(parameters)
    statement.run(parameters)
    return []
  })
}

export function immediateRunnerOf (db: Kysely<any>): ImmediateRunner | undefined { // Kysely<any>: see immediateRunners
  return immediateRunners.get(db)
}

/**
 * Kysely's own PostgreSQL introspector reads the tables of every schema in the database and calls
 * pg_get_serial_sequence() on each, so a schema that someone else drops meanwhile (another service
 * sharing the database, or a test cleaning up after itself) fails our migration with "schema ...
 * does not exist". The migrator only asks which schemas and tables exist: this answers that for the
 * schema in use, from the catalog alone.
 */
class CurrentSchemaIntrospector implements DatabaseIntrospector {
  // Kysely<any> is what Dialect.createIntrospector hands over; only raw SQL runs on it.
  constructor (private readonly db: Kysely<any>) {}

  async getSchemas (): Promise<SchemaMetadata[]> {
    return (await sql<SchemaMetadata>`select nspname as name from pg_catalog.pg_namespace`.execute(this.db)).rows
  }

  async getTables (): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string, schema: string, isView: boolean }>`
      select table_name as name, table_schema as schema, table_type = 'VIEW' as "isView"
      from information_schema.tables where table_schema = current_schema()`.execute(this.db)
    return rows.map((row) => ({ ...row, columns: [] }))
  }

  async getMetadata (): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() }
  }
}

/** The dialect migrations run on: see CurrentSchemaIntrospector. */
class MigrationPostgresDialect extends PostgresDialect {
  override createIntrospector (db: Kysely<any>): DatabaseIntrospector { // Kysely<any>: Kysely's own signature
    return new CurrentSchemaIntrospector(db)
  }
}

/**
 * `purpose: 'migrations'` has no statement or query timeouts (a long migration, or waiting while
 * another host applies one, must not be cut off) and looks only at its own schema.
 */
function postgresDialect (url: string, { poolSize, logger }: DialectOptions, purpose: 'requests' | 'migrations' = 'requests'): Dialect {
  const timeouts = purpose === 'requests'
  // timestamptz comes back as the same ISO 8601 UTC string that SQLite stores, so the repositories
  // read and write timestamps the same way on both databases.
  const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text')
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(timeouts && { statement_timeout: STATEMENT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS }),
    keepAlive: true,
    application_name: 'users-service',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => oid === TIMESTAMPTZ_OID
        ? (value: string) => (parseTimestamp(value) as Date).toISOString()
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
    }
  })
  // A connection that PostgreSQL drops (restart, failover) emits 'error'; unheard, that crashes the process.
  // In use, the same error fails its query (or the next one, as "not queryable"), which answers 503.
  pool.on('connect', (client) => client.on('error', () => {}))
  pool.on('error', (error) => logger.warn({ err: error }, 'an idle PostgreSQL connection broke; the pool opens a new one when needed'))
  // Errors of a migration stop start-up with their own line; only the requests' errors need marking.
  return timeouts ? markingDriverErrors(new PostgresDialect({ pool })) : new MigrationPostgresDialect({ pool })
}

/** Set on errors the PostgreSQL driver raised: only those can mean that the database is away. */
const FROM_DATABASE_DRIVER = Symbol('fromDatabaseDriver')

async function marked<T> (operation: Promise<T>): Promise<T> {
  try {
    return await operation
  } catch (error) {
    if (error instanceof Error) Object.defineProperty(error, FROM_DATABASE_DRIVER, { value: true })
    throw error
  }
}

class MarkingConnection implements DatabaseConnection {
  constructor (readonly inner: DatabaseConnection) {}
  async executeQuery<R> (query: CompiledQuery): Promise<QueryResult<R>> { return marked(this.inner.executeQuery<R>(query)) }
  streamQuery<R> (query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> { return this.inner.streamQuery<R>(query, chunkSize) }
}

const innerOf = (connection: DatabaseConnection) => (connection as MarkingConnection).inner

/**
 * The driver with every error it raises marked as the database's, so that a socket error of a client
 * (an upload the client abandoned: ECONNRESET, EPIPE) can never pass for a database outage.
 */
class MarkingDriver implements Driver {
  constructor (private readonly inner: Driver) {}
  async init () { return marked(this.inner.init()) }
  async acquireConnection () { return new MarkingConnection(await marked(this.inner.acquireConnection())) }
  async beginTransaction (connection: DatabaseConnection, settings: TransactionSettings) { return marked(this.inner.beginTransaction(innerOf(connection), settings)) }
  async commitTransaction (connection: DatabaseConnection) { return marked(this.inner.commitTransaction(innerOf(connection))) }
  async rollbackTransaction (connection: DatabaseConnection) { return marked(this.inner.rollbackTransaction(innerOf(connection))) }
  async savepoint (connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) { return marked(this.inner.savepoint!(innerOf(connection), name, compile)) }
  async rollbackToSavepoint (connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) { return marked(this.inner.rollbackToSavepoint!(innerOf(connection), name, compile)) }
  async releaseSavepoint (connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) { return marked(this.inner.releaseSavepoint!(innerOf(connection), name, compile)) }
  async releaseConnection (connection: DatabaseConnection) { return this.inner.releaseConnection(innerOf(connection)) }
  async destroy () { return this.inner.destroy() }
}

function markingDriverErrors (dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new MarkingDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db)
  }
}

export function columnTypes (kind: DatabaseKind) {
  return {
    id: 'integer',
    idConstraints: (column: ColumnDefinitionBuilder) =>
      kind === 'sqlite' ? column.primaryKey().autoIncrement() : column.primaryKey().generatedAlwaysAsIdentity(),
    timestamp: kind === 'sqlite' ? 'text' : 'timestamptz'
  } as const
}

/**
 * What migrations run through: on PostgreSQL a connection of their own without statement or query
 * timeouts; on SQLite `db` itself, since an in-memory database exists only on its one connection.
 */
export function migrationDatabase<DB> (db: Kysely<DB>, url: string, logger: DatabaseLogger): { db: Kysely<DB>, close: () => Promise<void> } {
  if (databaseKind(url) === 'sqlite') return { db, close: async () => {} }
  const own = new Kysely<DB>({ dialect: postgresDialect(url, { poolSize: 1, logger }, 'migrations') })
  return { db: own, close: () => own.destroy() }
}

/**
 * The schema for Kysely's migration tables: on PostgreSQL the one in use, because Kysely would
 * otherwise take another schema's migration table in the same database for its own.
 */
export async function migrationTableSchema<DB> (db: Kysely<DB>, kind: DatabaseKind): Promise<string | undefined> {
  if (kind === 'sqlite') return undefined
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
  return rows[0]?.schema ?? undefined
}

/**
 * True for errors of the PostgreSQL driver that mean the database is away or overloaded rather than
 * a bug: worth a retry. SQLite runs in the process, so none of its errors is an outage.
 */
export function isDatabaseUnavailable (error: unknown): boolean {
  if (!(error instanceof Error) || !(FROM_DATABASE_DRIVER in error)) return false
  const code = (error as Error & { code?: unknown }).code
  if (typeof code === 'string' && (UNAVAILABLE_SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true
  return UNAVAILABLE_MESSAGES.test(error.message)
}

/** True when a write broke a unique index (SQLite and PostgreSQL say so with different codes). */
export function isUniqueViolation (error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505'
}
