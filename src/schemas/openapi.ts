// How a route describes itself in the OpenAPI document (/openapi.json), so that a generated client
// gets named types, named methods and the headers it can read.
//
// The pattern every documented route follows:
// - `operationId`: camelCase, a verb and a noun (`listUsers`, `getSession`): the method name in
//   generated clients. Unique in the document (the OpenAPI test checks it).
// - A body or response of a named type is a reference to a component schema: a TypeBox schema with
//   an `$id` (the component's name in `components.schemas`), written `ref(User)`. Shared ones live in
//   src/schemas and are listed in COMPONENT_SCHEMAS (components.ts); a type only one route folder
//   uses may live in that folder's schemas.ts and be added with `app.addSchema` in its plugin.
//   Never put a schema with `$id` inline (Ajv and the serializer would meet the id twice): `ref()` it.
//   Params and query strings stay inline: they become parameters, and their validator reads them.
// - Response headers go in the response's `headers`: `ref(User, { description, headers: { Location } })`,
//   with the shared header schemas below. Error responses come from `errorResponses()` (errors.ts),
//   which adds the headers of each status (Retry-After, X-RateLimit-*).
// - 429 is added to every documented operation by the openapi plugin: every route is rate-limited
//   but the health checks (`config: { rateLimit: false }`), which get none.
//   A header that every answer carries (e.g. X-Request-Id) belongs there too, in that one transform,
//   rather than in each route.
// - An operation that needs the session cookie says `security: SESSION_REQUIRED`; one that uses it
//   when present `SESSION_OPTIONAL`. Every other operation is public (the document's default).
// - Keywords only Ajv reads (`errorMessage`) may be used freely: the plugin strips every keyword that
//   is not JSON Schema or OpenAPI from the published document; validation still sees them.
import Type, { type Static, type TSchema, type TUnsafe } from 'typebox'

/** Response headers by name, each a schema whose `description` becomes the header's. */
export type ResponseHeaders = Record<string, TSchema>

export interface RefOptions {
  /** The response's description, when the reference is a response. */
  description?: string
  headers?: ResponseHeaders
}

/** A reference to a component schema (one with `$id`), typed as that schema. */
export function ref<Component extends TSchema> (schema: Component, options: RefOptions = {}): TUnsafe<Static<Component>> {
  const { $id } = schema as { $id?: unknown }
  if (typeof $id !== 'string') throw new Error('ref() needs a component schema, one with an $id')
  return Type.Unsafe<Static<Component>>({ $ref: $id, ...options })
}

/** The responses of a map, each with the headers added (headers a hook of the route sets on those answers). */
export function withHeaders<Responses extends Record<number, TSchema>> (headers: ResponseHeaders, responses: Responses): Responses {
  const entries = Object.entries(responses).map(([statusCode, response]) =>
    [statusCode, { ...response, headers: { ...(response as RefOptions).headers, ...headers } }])
  // `headers` only documents the answer: each response keeps its schema, so the map keeps its type.
  return Object.fromEntries(entries) as unknown as Responses
}

export const Location = Type.String({ description: 'The URL of the resource, relative to this server' })

export const CacheControl = Type.String({ description: 'no-store: the answer is about one person, so no cache may keep it' })

const RetryAfter = Type.Integer({ minimum: 0, description: 'Seconds to wait before trying again' })

export const RETRY_AFTER_HEADERS: ResponseHeaders = { 'Retry-After': RetryAfter }

export const RATE_LIMIT_HEADERS: ResponseHeaders = {
  'Retry-After': RetryAfter,
  'X-RateLimit-Limit': Type.Integer({ minimum: 1, description: 'Requests allowed per time window' }),
  'X-RateLimit-Remaining': Type.Integer({ minimum: 0, description: 'Requests left in the current window' }),
  'X-RateLimit-Reset': Type.Integer({ minimum: 0, description: 'Seconds until the window starts again' })
}

/** The security scheme of the session cookie in `components.securitySchemes`. */
export const SESSION_SCHEME = 'sessionCookie'

/** An operation's `security`: any one of these requirements, each a set of schemes with their scopes. */
type SecurityRequirements = Array<Record<string, string[]>>

/** `security` of an operation that answers 401 without a live session. */
export const SESSION_REQUIRED: SecurityRequirements = [{ [SESSION_SCHEME]: [] }]

/** `security` of an operation that uses the session when there is one and works without. */
export const SESSION_OPTIONAL: SecurityRequirements = [{ [SESSION_SCHEME]: [] }, {}]
