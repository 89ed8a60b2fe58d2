// Response serializers: Fastify's own (fast-json-stringify), each compiled once for every app.
// A response schema that refers to shared schemas is compiled with all of them, and checking them
// each time made every app's start-up several times slower; the result only depends on the schemas.
import SerializerSelector, { type SerializerFactory } from '@fastify/fast-json-stringify-compiler'

const buildDefaultSerializer = SerializerSelector()

/** Serializers by the schemas they were compiled from (as JSON: Fastify hands each app a copy). */
const serializers = new Map<string, ReturnType<ReturnType<SerializerFactory>>>()

/** Fastify's serializer factory (`schemaController.compilersFactory.buildSerializer`), reusing serializers. */
export const buildSerializer: SerializerFactory = (sharedSchemas, options) => {
  const compile = buildDefaultSerializer(sharedSchemas, options)
  const scope = JSON.stringify([sharedSchemas, options])
  return (route) => {
    const key = `${scope}${JSON.stringify(route.schema)}`
    let serialize = serializers.get(key)
    if (serialize === undefined) {
      serialize = compile(route)
      serializers.set(key, serialize)
    }
    return serialize
  }
}
