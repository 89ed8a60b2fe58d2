// Security headers (helmet). HSTS and upgrade-insecure-requests only make sense over TLS.
import helmet from '@fastify/helmet'
import fp from 'fastify-plugin'

export interface SecurityPluginOptions {
  tls: boolean
}

export default fp<SecurityPluginOptions>(async (app, { tls }) => {
  await app.register(helmet, {
    hsts: tls ? { maxAge: 31536000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: { upgradeInsecureRequests: tls ? [] : null }
    },
    // With helmet's default no-referrer, Chromium sends `Origin: null` on same-origin form posts.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' }
  })
}, { name: 'security' })
