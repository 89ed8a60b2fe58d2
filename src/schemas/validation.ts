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

// Ajv's coercion reads any JavaScript number ("1e3", "01", " 1"); an id or a count in a URL
// is written in canonical decimal digits, so anything else is refused before coercion.
const DECIMAL_DIGITS = /^(?:0|[1-9][0-9]*)$/

type TextValidator = ((data: Record<string, unknown>) => boolean) & { errors?: ErrorObject[] | null }

interface TextSchema { properties?: Record<string, { type?: unknown }>, required?: string[] }

function integerFields ({ properties = {} }: TextSchema): string[] {
  return Object.keys(properties).filter((name) => properties[name]?.type === 'integer')
}

function optionalFields ({ properties = {}, required = [] }: TextSchema): string[] {
  return Object.keys(properties).filter((name) => !required.includes(name))
}

function notDecimal (field: string): ErrorObject {
  return {
    instancePath: `/${field}`,
    schemaPath: '#/type',
    keyword: 'format',
    params: {},
    message: 'must be written in decimal digits, without sign, exponent or leading zero'
  }
}

/**
 * Params and query strings: an empty optional value (`?limit=`) means "not given", so the
 * default applies; an integer field must be canonical decimal digits; then the schema, coercing.
 */
function compileText (schema: FastifySchema): TextValidator {
  const validate = textAjv.compile(schema)
  const integers = integerFields(schema as TextSchema)
  const optional = optionalFields(schema as TextSchema)
  const check: TextValidator = (data) => {
    for (const name of optional) {
      if (data[name] === '') delete data[name]
    }
    const bad = integers.find((name) => typeof data[name] === 'string' && !DECIMAL_DIGITS.test(data[name]))
    check.errors = bad === undefined ? null : [notDecimal(bad)]
    if (bad !== undefined) return false
    const valid = validate(data)
    check.errors = validate.errors
    return valid
  }
  return check
}

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) => {
  if (httpPart === 'body') return bodyAjv.compile(schema)
  if (httpPart === 'headers') return textAjv.compile(schema)
  return compileText(schema)
}

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
