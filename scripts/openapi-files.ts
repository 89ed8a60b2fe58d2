// The committed OpenAPI files: the document the routes produce (openapi.json) and the TypeScript types
// openapi-typescript generates from it, which the typed test client uses. `npm run openapi` writes
// them; test/openapi-client.test.ts fails when they differ from what the routes produce.
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript'

/** Where they are, relative to the repository's root. */
export const OPENAPI_FILES = { document: 'openapi.json', types: 'test/openapi-client/openapi.d.ts' }

export function documentText (document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`
}

export async function typesText (document: object): Promise<string> {
  // The document is the service's own OpenAPI 3.1 document, which openapi-typescript reads as such.
  const ast = await openapiTS(document as OpenAPI3, { silent: true })
  return '// Generated from openapi.json by openapi-typescript (npm run openapi); do not edit.\n' + astToString(ast)
}
