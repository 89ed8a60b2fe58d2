// The one reading of If-None-Match that the API and the static files share.
import { test } from 'tap'
import { noneMatchHits, tagsOf } from '../src/entity-tags.js'

test('tagsOf reads a list of tags, commas inside a tag included, and *', async (t) => {
  t.same(tagsOf('"a", W/"b" ,"c,d"'), ['"a"', 'W/"b"', '"c,d"'])
  t.equal(tagsOf(' * '), '*')
  t.same(tagsOf('no tags here'), [])
})

test('noneMatchHits compares weakly and takes *', async (t) => {
  t.ok(noneMatchHits('"v1"', '"v1"'), 'the same tag')
  t.ok(noneMatchHits('W/"v1"', '"v1"'), 'a weak copy of a strong tag')
  t.ok(noneMatchHits('"x", "v1"', 'W/"v1"'), 'one of several, against a weak tag')
  t.ok(noneMatchHits('*', '"v1"'), 'any')
  t.notOk(noneMatchHits('"v2"', '"v1"'), 'another version')
  t.notOk(noneMatchHits('v1', '"v1"'), 'an unquoted value is no tag')
  t.notOk(noneMatchHits('"v1, "v2"', '"v2"'), 'a tag is read whole')
})
