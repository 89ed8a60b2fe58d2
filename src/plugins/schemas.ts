// The shared component schemas, added to the app before any route refers to them.
import fp from 'fastify-plugin'
import { COMPONENT_SCHEMAS } from '../schemas/components.js'

export default fp(async (app) => {
  for (const schema of COMPONENT_SCHEMAS) app.addSchema(schema)
}, { name: 'schemas' })
