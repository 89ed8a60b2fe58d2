// Validators and preconditions (RFC 9110 §8.8, §13): ETag and Last-Modified on reads, 304 for
// If-None-Match, and the versions an If-Match accepts, which a write then checks atomically.
import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { noneMatchHits, tagsOf } from '../entity-tags.js'
import type { ExpectedVersions, VersionedUser } from '../plugins/users-repository.js'

/** A strong tag from the version: it changes with every change of the user. */
export function userEtag (user: VersionedUser): string {
  return `"v${user.version}"`
}

/** A strong tag for a page of users: what is on it, in which versions, and what surrounds it. */
export function pageEtag (users: readonly VersionedUser[], ...context: unknown[]): string {
  const hash = createHash('sha256').update(JSON.stringify([users.map((user) => [user.id, user.version]), context]))
  return `"p${hash.digest('base64url').slice(0, 27)}"`
}

/** ETag, and Last-Modified (an HTTP date, whole seconds) when the resource has a time of change. */
export function setValidators (reply: FastifyReply, etag: string, updatedAt?: string): FastifyReply {
  reply.header('etag', etag)
  if (updatedAt !== undefined) reply.header('last-modified', new Date(updatedAt).toUTCString())
  return reply
}

/**
 * Sends the validators, then either 304 with no body (If-None-Match names the current tag, by weak
 * comparison) or the body. HEAD answers alike, without a body.
 */
export function sendConditional<T> (request: FastifyRequest, reply: FastifyReply, etag: string, body: T, updatedAt?: string): FastifyReply | T {
  setValidators(reply.header('cache-control', 'no-cache'), etag, updatedAt)
  const header = request.headers['if-none-match']
  return header !== undefined && noneMatchHits(header, etag) ? reply.code(304).send() : body
}

/**
 * The versions a write accepts from If-Match: undefined without one or for `*` (any existing
 * user), else those of its strong tags of ours. A tag that is weak or not ours matches nothing.
 */
export function expectedVersions (request: FastifyRequest): ExpectedVersions {
  const header = request.headers['if-match']
  if (header === undefined) return undefined
  const tags = tagsOf(header)
  if (tags === '*') return undefined
  return tags.flatMap((tag) => {
    const version = /^"v(\d{1,15})"$/.exec(tag)?.[1]
    return version === undefined ? [] : [Number(version)]
  })
}
