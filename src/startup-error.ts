// A start-up failure the user can fix (config, port, certificate, database): one line, exit code 1.
import type { AddressInfo, Server } from 'node:net'

export class StartupError extends Error {
  override name = 'StartupError'
}

/**
 * The one line for a listener that cannot bind, naming the variable that chose its port, or
 * undefined for an error the user cannot fix that way.
 */
export function describeListenError (error: unknown, host: string, port: number, variable: string): string | undefined {
  const where = variable === 'PORT' ? `${host}:${port}` : `${host}:${port} for ${variable}`
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE': return `Cannot listen on ${where}: the address is already in use (EADDRINUSE); choose another ${variable}`
    case 'EADDRNOTAVAIL': return `Cannot listen on ${host}: no such address on this machine (EADDRNOTAVAIL); check HOST`
    case 'EACCES': return `Cannot listen on ${where}: permission denied (EACCES); choose a ${variable} above 1023`
    default: return undefined
  }
}

/**
 * Binds a listener of ours besides the main server (redirect, metrics): a busy port is a
 * StartupError naming the variable. Resolves with the printable origin, e.g. http://127.0.0.1:9090.
 */
export async function listenFor (server: Server, host: string, port: number, variable: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host, port }, () => {
      server.off('error', reject)
      resolve()
    })
  }).catch((error: NodeJS.ErrnoException) => {
    throw new StartupError(describeListenError(error, host, port, variable) ?? `Cannot listen on ${host}:${port} for ${variable}: ${error.message}`)
  })
  const address = server.address() as AddressInfo
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
}
