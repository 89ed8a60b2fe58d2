// Load shedding (@fastify/under-pressure): past the event-loop delay, heap or RSS threshold, answer 503 at once instead of queueing work.
import underPressure from '@fastify/under-pressure'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { RETRY_AFTER_SECONDS } from '../schemas/errors.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** True while requests are refused with 503. */
    isSheddingLoad: () => boolean
  }
  interface FastifyContextConfig {
    /** False for a route that must answer even while the process sheds load (liveness). */
    shedLoad?: boolean
  }
}

export interface LoadSheddingOptions {
  /** Milliseconds of mean event-loop delay; 0 = not checked. */
  maxEventLoopDelay: number
  /** Bytes of V8 heap in use; 0 = not checked. */
  maxHeapUsedBytes: number
  /** Bytes of resident memory; 0 = not checked. */
  maxRssBytes: number
}

/** How often the event-loop delay and memory are sampled; shedding starts and stops at most this late. */
export const SAMPLE_INTERVAL_MS = 500

/** The process is overloaded: the error handler answers 503 with Retry-After. */
export class OverloadedError extends Error {
  override name = 'OverloadedError'
  readonly statusCode = 503
  readonly code = 'OVERLOADED'
  readonly expose = true

  constructor (readonly pressure: string, readonly value: number | undefined) {
    super('Service Unavailable: the server is overloaded; try again shortly')
  }
}

/**
 * under-pressure reports an event-loop delay it has not measured yet as Infinity: when the loop was
 * busy from start-up until its first sample (loading and compiling the app), the histogram holds no
 * value. That is no overload, and shedding then would refuse the first requests of every new worker.
 */
const unmeasured = (type: string, value: number | undefined) => type === 'eventLoopDelay' && value === Infinity

export default fp<LoadSheddingOptions>(async (app, options) => {
  // One warning when shedding starts and one line when it stops, rather than one per refused request
  // (each has its own request line with status 503).
  let watch: NodeJS.Timeout | undefined
  const watchForRecovery = () => {
    if (app.isSheddingLoad()) return
    clearInterval(watch)
    watch = undefined
    app.log.info('load shedding stopped')
  }
  app.addHook('onClose', async () => clearInterval(watch))

  await app.register(underPressure, {
    ...options,
    sampleInterval: SAMPLE_INTERVAL_MS,
    // Called only while over a threshold; a route that opted out goes on, every other one is refused.
    pressureHandler: async (request: FastifyRequest, reply, type, value) => {
      if (request.routeOptions.config.shedLoad === false || unmeasured(type, value)) return
      if (watch === undefined) {
        app.log.warn({ pressure: type, value }, 'shedding load: answering 503 until the process recovers')
        watch = setInterval(watchForRecovery, SAMPLE_INTERVAL_MS).unref()
      }
      reply.header('retry-after', RETRY_AFTER_SECONDS)
      throw new OverloadedError(type, value)
    }
  })
  app.decorate('isSheddingLoad', () => app.isUnderPressure() && !unmeasured('eventLoopDelay', app.memoryUsage().eventLoopDelay))
}, { name: 'load-shedding' })
