/**
 * charter diff on AsyncAPI 3.1 and on a split contract: the social-media services compared with
 * themselves and with edited copies, each finding located in the file the change is in (a shared
 * schema or message in common/), in the direction the message travels.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../scripts/charter/loader/load.ts';
import { diffContracts } from '../../scripts/charter/diff/index.ts';
import { CORPUS, requireCorpus } from '../support/cli.ts';

requireCorpus();
const SOCIAL = path.join(CORPUS, 'asyncapi-multifile/social-media');
const SERVICES = ['backend', 'comments-service', 'frontend', 'notification-service', 'public-api'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-asyncapi-diff-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the social-media example with one file edited. */
function edited(name: string, rel: string, edit: (t: string) => string): string {
  const root = path.join(tmp, name);
  fs.cpSync(SOCIAL, root, { recursive: true });
  const f = path.join(root, rel);
  const before = fs.readFileSync(f, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`${name}: the edit changed nothing`);
  fs.writeFileSync(f, after);
  return root;
}

const diff = (base: string, head: string) => diffContracts(loadContract(base), loadContract(head), { today: '2026-11-23' });

describe('charter diff on the split AsyncAPI 3.1 services', () => {
  it.each(SERVICES)('finds nothing between %s and itself', (s) => {
    expect(diff(path.join(SOCIAL, s, 'asyncapi.yaml'), path.join(SOCIAL, s, 'asyncapi.yaml'))).toEqual([]);
  });

  it('reports a shared payload field retyped, in common/schemas.yaml, by direction', () => {
    const head = edited('retyped', 'common/schemas.yaml', (t) => t.replace('    likeCount:\n      type: integer\n      description: The new like count of how many have liked the comment.\nupdateCommentLikesPayload', '    likeCount:\n      type: string\n      description: The new like count of how many have liked the comment.\nupdateCommentLikesPayload'));
    // comments-service sends commentChanged: its consumers read the payload, like a response.
    const sent = diff(path.join(SOCIAL, 'comments-service/asyncapi.yaml'), path.join(head, 'comments-service/asyncapi.yaml'));
    expect(sent.map((f) => `${f.id} ${f.operation} ${path.relative(tmp, f.location.file)}:${f.location.line}`)).toEqual([
      // A breaking change without a new info.version.
      'version-not-bumped undefined retyped/comments-service/asyncapi.yaml:4',
      'response-type-changed sendCommentChange retyped/common/schemas.yaml:33',
    ]);
    // backend receives it: its producers write the payload, like a request.
    const received = diff(path.join(SOCIAL, 'backend/asyncapi.yaml'), path.join(head, 'backend/asyncapi.yaml'));
    expect(received.map((f) => `${f.id} ${f.operation}`).filter((f) => !f.startsWith('version-not-bumped'))).toEqual(['request-type-changed receiveCommentChange']);
  });

  it('reports a message dropped from a channel and its operation', () => {
    const head = edited('dropped', 'backend/asyncapi.yaml', (t) => t.replace("    messages:\n      - $ref: '#/channels/notifyAllCommentLiked/messages/commentLiked'\n", "    messages: []\n"));
    const found = diff(path.join(SOCIAL, 'backend/asyncapi.yaml'), path.join(head, 'backend/asyncapi.yaml'));
    expect(found.map((f) => `${f.id} ${f.operation}`).filter((f) => !f.startsWith('version-not-bumped'))).toEqual(['sent-message-removed sendCommentLiked']);
  });

  it('compares a 3.0 document with its 3.1 successor', () => {
    const base = edited('three-oh', 'frontend/asyncapi.yaml', (t) => t.replace('asyncapi: 3.1.0', 'asyncapi: 3.0.0'));
    const found = diff(path.join(base, 'frontend/asyncapi.yaml'), path.join(SOCIAL, 'frontend/asyncapi.yaml'));
    expect(found.map((f) => f.id)).toEqual(['spec-version-changed']);
  });
});
