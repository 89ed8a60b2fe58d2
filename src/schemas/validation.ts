// Request validation: bodies are checked as sent (no coercion, nothing stripped); params and
// query strings arrive as text, so those may be coerced to the schema's types.
import { Ajv, type ErrorObject, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchema, FastifySchemaCompiler } from 'fastify'

function buildAjv (coerce: boolean): Ajv {
  const options: Options = {
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    // verbose puts the failing schema on each error, so a schema can carry its own message.
    verbose: true,
    strict: false
  }
  const ajv = new Ajv(options)
  addFormats.default(ajv)
  return ajv
}

const bodyAjv = buildAjv(false)
const textAjv = buildAjv(true)

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema)

function describeError (error: ErrorObject, dataVar: string): string {
  const field = `${dataVar}${error.instancePath.replaceAll('/', '.')}`
  const custom = (error.parentSchema as { errorMessage?: string } | undefined)?.errorMessage
  if (custom !== undefined && error.keyword !== 'type') return `${field} ${custom}`
  if (error.keyword === 'additionalProperties') {
    return `${field} must NOT have additional property "${String(error.params.additionalProperty)}"`
  }
  return `${field} ${error.message ?? 'is invalid'}`
}

/** One readable sentence naming the field and the rule it broke. */
export function schemaErrorFormatter (errors: ErrorObject[], dataVar: string): Error {
  return new Error(errors.map((error) => describeError(error, dataVar)).join(', '))
}
