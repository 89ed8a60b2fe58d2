// Request validation: bodies are checked as sent (no coercion, nothing stripped); params and
// query strings arrive as text, so those may be coerced to the schema's types.
import { Ajv, type AnySchema, type ErrorObject, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchema, FastifySchemaCompiler, FastifyServerOptions } from 'fastify'

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>

/** The schemas added with `app.addSchema` in a plugin scope, by `$id`, as Fastify hands them over. */
type SharedSchemas = Record<string, AnySchema | AnySchema[]>

function buildAjv (coerce: boolean, sharedSchemas: SharedSchemas): Ajv {
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
  // The component schemas, so that the routes' `$ref`s to them resolve.
  for (const schema of Object.values(sharedSchemas)) ajv.addSchema(schema)
  return ajv
}

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
function compileText (textAjv: Ajv, schema: FastifySchema): TextValidator {
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

function buildCompiler (sharedSchemas: SharedSchemas): FastifySchemaCompiler<FastifySchema> {
  const bodyAjv = buildAjv(false, sharedSchemas)
  const textAjv = buildAjv(true, sharedSchemas)
  return ({ schema, httpPart }) => {
    if (httpPart === 'body') return bodyAjv.compile(schema)
    if (httpPart === 'headers') return textAjv.compile(schema)
    return compileText(textAjv, schema)
  }
}

/**
 * The compilers built so far, by the shared schemas they know (as JSON: Fastify hands each app a
 * copy). Ajv caches what it compiled, so every app, and every plugin scope that sees the same
 * schemas, reuses one compiler instead of compiling each route schema again, which is most of an
 * app's start-up time.
 */
const compilers = new Map<string, FastifySchemaCompiler<FastifySchema>>()

function compilerFor (sharedSchemas: SharedSchemas): FastifySchemaCompiler<FastifySchema> {
  const key = JSON.stringify(sharedSchemas)
  let compile = compilers.get(key)
  if (compile === undefined) {
    compile = buildCompiler(sharedSchemas)
    compilers.set(key, compile)
  }
  return compile
}

/**
 * Fastify's validator factory (`schemaController.compilersFactory.buildValidator`): called for each
 * plugin scope with the shared schemas it sees (`app.addSchema`), so that `$ref`s to them resolve.
 */
export const buildValidator: ValidatorFactory = (sharedSchemas: SharedSchemas) =>
  // The factory's type asks for Ajv's whole ValidateFunction; Fastify only calls it and reads `errors`,
  // which the query string validator (not an Ajv function) provides.
  compilerFor(sharedSchemas) as unknown as ReturnType<ValidatorFactory>

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
