import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    ignores: ['dist/**', 'data/**', 'coverage/**', '.tap/**', 'test-output/**']
  }),
  {
    // TypeBox idiom: a schema and its Static type share one name.
    rules: { '@typescript-eslint/no-redeclare': 'off' }
  }
]
