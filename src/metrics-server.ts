// The Prometheus listener on METRICS_HOST:METRICS_PORT, apart from the public port: GET /metrics and nothing else.
import { createServer, type Server } from 'node:http'
import type { Logger } from 'pino'
import { listenFor } from './startup-error.js'

/** Where the text comes from: one process's registry, or the primary's sum over the workers. */
export interface MetricsSource {
  contentType: string
  metrics: () => Promise<string>
}

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9464 */
  origin: string
  close: () => Promise<void>
}

/** Listens, or throws a StartupError (one line naming METRICS_PORT) when it cannot. */
export async function startMetricsServer (host: string, port: number, source: MetricsSource, log: Pick<Logger, 'info' | 'error'>): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = request.url?.split('?', 1)[0]
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found: metrics are at /metrics\n')
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method Not Allowed\n')
      return
    }
    source.metrics().then((text) => {
      response.writeHead(200, { 'content-type': source.contentType, 'content-length': Buffer.byteLength(text) }).end(request.method === 'HEAD' ? undefined : text)
    }, (error: unknown) => {
      log.error({ err: error }, 'collecting the metrics failed')
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal Server Error: collecting the metrics failed\n')
    })
  })
  const origin = await listenFor(server, host, port, 'METRICS_PORT')
  log.info(`Metrics at ${origin}/metrics`)
  return {
    origin,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // A scraper's keep-alive connection holds nothing worth waiting for.
      server.closeAllConnections()
      await closed
    }
  }
}
