// The limits on connections Fastify's factory leaves out, and HTTP/2 sessions closed when the app closes.
import type { Http2SecureServer, ServerHttp2Session } from 'node:http2'
import fp from 'fastify-plugin'
import { applyServerLimits, type ServerLimits } from '../server-options.js'

export interface ConnectionsPluginOptions {
  config: ServerLimits
}

export default fp<ConnectionsPluginOptions>(async (app, { config }) => {
  applyServerLimits(app.server, config)
  if (!config.HTTP2) return
  // Node 20 and 22 wait in server.close() for every HTTP/2 session to end, idle ones included, so an
  // idle client held a graceful stop until SHUTDOWN_GRACE. close() sends GOAWAY: streams under way finish.
  const sessions = new Set<ServerHttp2Session>()
  const server = app.server as unknown as Http2SecureServer
  server.on('session', (session) => {
    sessions.add(session)
    session.once('close', () => sessions.delete(session))
  })
  app.addHook('preClose', async () => {
    for (const session of sessions) session.close()
  })
}, { name: 'connections' })
