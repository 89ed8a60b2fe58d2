// HTTP_REDIRECT_PORT: a plain-HTTP listener that answers every request with 308 to the same URL over HTTPS.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import fp from 'fastify-plugin'
import { listenFor } from '../startup-error.js'

export interface HttpsRedirectOptions {
  host: string
  port: number
}

/** https://<host the client asked for>:<httpsPort><path and query>, or undefined for an unusable Host header. */
export function httpsLocation (request: IncomingMessage, httpsPort: number): string | undefined {
  const host = request.headers.host
  if (host === undefined || host === '') return undefined
  let target: URL
  try {
    target = new URL(`https://${host}`)
  } catch {
    return undefined
  }
  target.port = String(httpsPort)
  // An absolute-form or `*` request target has no path of its own to keep.
  const path = request.url?.startsWith('/') === true ? request.url : '/'
  return `${target.origin}${path}`
}

export default fp<HttpsRedirectOptions>(async (app, { host, port }) => {
  const redirect = createServer((request: IncomingMessage, response: ServerResponse) => {
    // Read at request time: the port the HTTPS server actually listens on, which PORT=0 leaves to the OS.
    const httpsPort = (app.server.address() as AddressInfo | null)?.port
    const location = httpsPort === undefined ? undefined : httpsLocation(request, httpsPort)
    if (location === undefined) {
      response.writeHead(httpsPort === undefined ? 503 : 400, { 'content-length': 0 }).end()
      return
    }
    response.writeHead(308, { location, 'content-length': 0 }).end()
  })

  // Bound in onReady rather than onListen: Fastify only logs an onListen error, and a busy
  // HTTP_REDIRECT_PORT must stop start-up like a busy PORT does.
  app.addHook('onReady', async () => {
    app.log.info(`Redirecting plain HTTP to HTTPS from ${await listenFor(redirect, host, port, 'HTTP_REDIRECT_PORT')}`)
  })

  app.addHook('onClose', async () => {
    if (!redirect.listening) return
    const closed = new Promise<void>((resolve, reject) => redirect.close((error) => error === undefined ? resolve() : reject(error)))
    // Every answer is a finished redirect, so keep-alive connections hold nothing worth waiting for.
    redirect.closeAllConnections()
    await closed
  })
}, { name: 'https-redirect' })
