// What the published OpenAPI document may say: its schemas keep only JSON Schema 2020-12 and OpenAPI
// keywords, so that every tool reading it (linters, client generators) understands all of it. The
// route schemas keep the rest (`errorMessage`, for Ajv); only the document loses them.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

const STANDARD_KEYWORDS = new Set([
  // JSON Schema 2020-12: core, applicator, unevaluated, validation, meta-data, format, content
  '$schema', '$id', '$ref', '$anchor', '$dynamicRef', '$dynamicAnchor', '$vocabulary', '$comment', '$defs',
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas', 'prefixItems', 'items', 'contains',
  'properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties',
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength',
  'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains', 'maxProperties',
  'minProperties', 'required', 'dependentRequired',
  'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples',
  'format', 'contentEncoding', 'contentMediaType', 'contentSchema',
  // OpenAPI 3.1's additions to the Schema Object
  'discriminator', 'xml', 'externalDocs', 'example'
])

/** Keywords whose value is a map of names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas'])
/** Keywords whose value is a schema or a list of schemas. */
const SUBSCHEMAS = new Set(['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'prefixItems', 'items', 'contains',
  'additionalProperties', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema'])

/** Keywords that describe a schema without restricting what it accepts. */
const ANNOTATIONS = new Set(['title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples', 'example', '$comment'])

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])

function isObject (value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isStandard (keyword: string): boolean {
  return STANDARD_KEYWORDS.has(keyword) || keyword.startsWith('x-')
}

function mapValues (object: JsonObject, map: (value: Json) => Json): JsonObject {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]))
}

/** A copy of the schema (and of every schema in it) without the keywords that are not standard. */
export function standardSchema (schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(standardSchema)
  if (!isObject(schema)) return schema
  const kept: JsonObject = {}
  for (const [keyword, value] of Object.entries(schema)) {
    if (!isStandard(keyword)) continue
    if (SCHEMA_MAPS.has(keyword) && isObject(value)) kept[keyword] = mapValues(value, standardSchema)
    else if (SUBSCHEMAS.has(keyword)) kept[keyword] = standardSchema(value)
    else kept[keyword] = value
  }
  return kept
}

/** A schema that accepts any value; as a route's body schema, Fastify accepts no body too. */
function acceptsAnything (schema: Json | undefined): boolean {
  return isObject(schema) && Object.keys(schema).every((keyword) => ANNOTATIONS.has(keyword))
}

/** A parameter, media type or header with its `schema` made standard. */
function withStandardSchema (entry: Json): Json {
  return isObject(entry) && entry.schema !== undefined ? { ...entry, schema: standardSchema(entry.schema) } : entry
}

/** A map of media types (`content`) or of headers, each with its schema made standard. */
function withStandardSchemas (entries: Json): Json {
  return isObject(entries) ? mapValues(entries, withStandardSchema) : entries
}

function standardResponse (response: Json): Json {
  if (!isObject(response)) return response
  const { content, headers } = response
  return {
    ...response,
    ...(content !== undefined && { content: withStandardSchemas(content) }),
    ...(headers !== undefined && { headers: withStandardSchemas(headers) })
  }
}

function standardOperation (operation: Json): Json {
  if (!isObject(operation)) return operation
  const { parameters, requestBody, responses } = operation
  const published: JsonObject = { ...operation }
  if (Array.isArray(parameters)) published.parameters = parameters.map(withStandardSchema)
  if (isObject(requestBody) && isObject(requestBody.content)) {
    const schemas = Object.values(requestBody.content).map((media) => isObject(media) ? media.schema : undefined)
    published.requestBody = {
      ...requestBody,
      content: withStandardSchemas(requestBody.content),
      // A body schema that accepts anything is a body the route does not need (it ignores it).
      required: !schemas.every(acceptsAnything)
    }
  }
  if (isObject(responses)) published.responses = mapValues(responses, standardResponse)
  return published
}

/**
 * The document as published: standard keywords only in every schema (components, parameters, bodies,
 * responses, headers), and a body the route ignores marked optional.
 */
export function publishedDocument<Document extends object> (document: Document): Document {
  const { components, paths } = document as JsonObject
  const published: JsonObject = { ...document as JsonObject }
  if (isObject(components) && isObject(components.schemas)) {
    published.components = { ...components, schemas: mapValues(components.schemas, standardSchema) }
  }
  if (isObject(paths)) {
    published.paths = mapValues(paths, (pathItem) => isObject(pathItem)
      ? Object.fromEntries(Object.entries(pathItem).map(([key, value]) => [key, HTTP_METHODS.has(key) ? standardOperation(value) : value]))
      : pathItem)
  }
  // The document is JSON all through; its type is the one swagger gave it.
  return published as unknown as Document
}
