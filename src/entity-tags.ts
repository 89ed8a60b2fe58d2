// Entity tags in request headers (RFC 9110 §8.8.3, §13.1): the one reading of If-None-Match and If-Match, for the API and static files alike.

/** The entity tags of a header (`"a", W/"b"`), or `*`. */
export function tagsOf (header: string): string[] | '*' {
  if (header.trim() === '*') return '*'
  return header.match(/(?:W\/)?"[^"]*"/g) ?? []
}

/** If-None-Match names the current tag (by weak comparison, as §13.1.2 asks), or is `*`: the client's copy is current. */
export function noneMatchHits (header: string, etag: string): boolean {
  const tags = tagsOf(header)
  const weak = (tag: string) => tag.replace(/^W\//, '')
  return tags === '*' || tags.some((tag) => weak(tag) === weak(etag))
}
