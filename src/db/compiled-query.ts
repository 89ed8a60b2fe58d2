// Hot queries built and compiled by Kysely once, then run with each call's parameter values.
import type { Compilable, Kysely } from 'kysely'
import { immediateRunnerOf } from './dialect.js'

/** Stands for a named parameter while the query is built; the call's value takes its place. */
class Placeholder {
  constructor (readonly name: string) {}
}

/**
 * Builds the query once, with placeholders where the parameters go, and compiles it once. Kysely
 * would otherwise build, freeze and compile the operation tree on every call (about 5 % of the CPU of
 * a GET /users/:id) to produce the same SQL text. The text is still Kysely's for the dialect in use,
 * so SQLite and PostgreSQL run the same code. On SQLite it runs at once where it can (see
 * registerImmediateRunner).
 */
export function compileOnce<DB, Params extends Record<string, unknown>, Row> (db: Kysely<DB>, build: (params: Params) => Compilable<Row>): (params: Params) => Promise<Row[]> {
  // Every property read gives a placeholder named after it, whatever the build function reads.
  const placeholders = new Proxy({}, { get: (_target, name) => new Placeholder(String(name)) }) as Params
  const compiled = build(placeholders).compile()
  const runNow = immediateRunnerOf(db)
  return async (params) => {
    const parameters = compiled.parameters.map((value) => value instanceof Placeholder ? params[value.name] : value)
    return (runNow?.(compiled.sql, parameters) as Row[] | undefined) ?? (await db.executeQuery<Row>({ ...compiled, parameters })).rows
  }
}
