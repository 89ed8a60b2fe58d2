// A start-up failure the user can fix (config, port, certificate, database): one line, exit code 1.
export class StartupError extends Error {
  override name = 'StartupError'
}
