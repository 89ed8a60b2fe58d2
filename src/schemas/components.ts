// The shared component schemas: each has an `$id`, is added to the app once (plugins/schemas.ts) and
// is used by `ref()` (openapi.ts), so the document names it in `components.schemas` and clients get its type.
import { ErrorResponse } from './errors.js'
import { Credentials, Registration, User, UserInput, UserList, UserPatch } from './users.js'

export const COMPONENT_SCHEMAS = [ErrorResponse, User, UserList, UserInput, UserPatch, Registration, Credentials]
