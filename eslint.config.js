import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    // openapi.d.ts is written by openapi-typescript (npm run openapi).
    ignores: ['dist/**', 'data/**', 'coverage/**', '.tap/**', 'test-output/**', 'test/openapi-client/openapi.d.ts']
  }),
  {
    // TypeBox idiom: a schema and its Static type share one name.
    rules: { '@typescript-eslint/no-redeclare': 'off' }
  }
]
