// The exact security header set, over plain HTTP and over TLS, on API answers, static files, errors and /docs.
import { test } from 'tap'
import { securityHeaders } from '../../src/plugins/security.js'
import { testCertificates, tlsEnv } from '../certificates.js'
import { buildTestApp } from '../helper.js'

const POLICY = "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;" +
  "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"

/** Helmet's set as it was when this test was written; a helmet upgrade that changes it must be looked at. */
const PLAIN_HTTP = {
  'content-security-policy': POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0'
}
const OVER_TLS = {
  ...PLAIN_HTTP,
  'content-security-policy': `${POLICY};upgrade-insecure-requests`,
  'strict-transport-security': 'max-age=31536000; includeSubDomains'
}

const URLS = ['/health/live', '/users/1', '/app.css', '/about', '/', '/no/such/thing', '/docs/', '/docs/static/index.css']

function securityPart (headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name in OVER_TLS))
}

test('helmet\'s header set is computed once per TLS setting, exactly', async (t) => {
  t.same(securityHeaders(false), PLAIN_HTTP)
  t.same(securityHeaders(true), OVER_TLS)
  t.ok(Object.isFrozen(securityHeaders(false)), 'shared by every request, so nobody may change it')
})

test('every answer carries the set, /docs included; no inline styles or other hosts\' styles and fonts', async (t) => {
  const plain = await buildTestApp(t)
  const tls = await buildTestApp(t, tlsEnv(testCertificates()))
  for (const [app, expected] of [[plain, PLAIN_HTTP], [tls, OVER_TLS]] as const) {
    for (const url of URLS) {
      const response = await app.inject({ url })
      t.same(securityPart(response.headers), expected, `${url}${expected === OVER_TLS ? ' over TLS' : ''}`)
    }
  }
  t.notMatch(POLICY, /unsafe-inline|https:|upgrade-insecure-requests/, 'no inline code but one hashed style, nothing from other hosts')
})
