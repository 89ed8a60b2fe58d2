// A native module built for another Node.js is named as such, with the command that fixes it.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'tap'
import { reason } from '../../src/db/index.js'

test('a native module that does not load says to rebuild better-sqlite3, not to look at the database', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'native-')), 'better_sqlite3.node')
  writeFileSync(file, 'not a shared object')
  let loadError: unknown
  try {
    process.dlopen({ exports: {} }, file)
  } catch (error) {
    loadError = error
  }
  t.equal((loadError as { code?: string }).code, 'ERR_DLOPEN_FAILED', 'what Node throws for a module it cannot load')
  t.match(reason(loadError), new RegExp(`^the native module better-sqlite3 was built for another Node\\.js version than this one \\(${process.version.replaceAll('.', '\\.')}\\); run "npm rebuild better-sqlite3"`))
  t.notMatch(reason(loadError), /\n/, 'one line')
  t.match(reason(new Error('Module did not self-register: \'/x/better_sqlite3.node\'.')), /npm rebuild better-sqlite3/)
  t.equal(reason(new Error('SQLITE_CANTOPEN: unable to open database file')), 'SQLITE_CANTOPEN: unable to open database file', 'other errors are as they were')
})
