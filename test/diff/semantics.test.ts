/**
 * What the engine must understand beyond single rules: non-changes stay silent,
 * `$ref`s, `allOf`, nullability spellings and circular schemas are compared by meaning,
 * directions flip where they should, and findings carry the context later tools need.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../../scripts/charter/loader/load.ts';
import { diffContracts } from '../../scripts/charter/diff/index.ts';
import { ROOT, TODAY, diffTexts, ids } from './helpers.ts';

const api = (schemas: string, opts: { version?: string; openapi?: string; body?: string; extra?: string } = {}) => `openapi: ${opts.openapi ?? '3.1.0'}
info: { title: t, version: ${opts.version ?? '1.0.0'} }
paths:
  /users:
    post:
      operationId: createUser
      requestBody:
        required: true
        content:
          application/json:
            schema: ${opts.body ?? "{ $ref: '#/components/schemas/UserIn' }"}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: { $ref: '#/components/schemas/User' }
${opts.extra ?? ''}components:
  schemas:
${schemas}`;

const USER = `    User:
      type: object
      required: [id, name]
      properties:
        id: { type: string, format: uuid }
        name: { type: string, maxLength: 100 }
        tags: { type: array, items: { type: string } }
    UserIn:
      type: object
      required: [name]
      properties:
        name: { type: string, maxLength: 100 }
`;

describe('non-changes are not reported', () => {
  it('ignores reordered keys, properties and operations', () => {
    const reordered = `    UserIn:
      properties:
        name: { maxLength: 100, type: string }
      required: [name]
      type: object
    User:
      properties:
        tags: { items: { type: string }, type: array }
        name: { maxLength: 100, type: string }
        id: { format: uuid, type: string }
      type: object
      required: [name, id]
`;
    expect(diffTexts(api(USER), api(reordered))).toEqual([]);
  });

  it('treats an inline schema refactored into an equivalent $ref as no change', () => {
    const inline = `{ type: object, required: [name], properties: { name: { type: string, maxLength: 100 } } }`;
    expect(diffTexts(api(USER, { body: inline }), api(USER))).toEqual([]);
    expect(diffTexts(api(USER), api(USER, { body: inline }))).toEqual([]);
  });

  it('treats a schema split into allOf parts as the same schema', () => {
    const split = USER.replace(
      `    User:
      type: object
      required: [id, name]
      properties:
        id: { type: string, format: uuid }
        name: { type: string, maxLength: 100 }
        tags: { type: array, items: { type: string } }
`,
      `    User:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [name]
          properties:
            name: { type: string, maxLength: 100 }
            tags: { type: array, items: { type: string } }
    Base:
      type: object
      required: [id]
      properties:
        id: { type: string, format: uuid }
`,
    );
    expect(diffTexts(api(USER), api(split))).toEqual([]);
  });

  it('does not report description, summary, title or example edits', () => {
    const documented = USER.replace('name: { type: string, maxLength: 100 }\n        tags', "name: { type: string, maxLength: 100, description: 'Full name', example: Ada, title: Name }\n        tags");
    expect(diffTexts(api(USER), api(documented))).toEqual([]);
  });

  it('reads 3.0 nullable, a 3.1 type array and anyOf-with-null as the same thing', () => {
    const n30 = `    User: { type: object, properties: { nick: { type: string, nullable: true } } }\n    UserIn: { type: object }\n`;
    const n31 = `    User: { type: object, properties: { nick: { type: [string, 'null'] } } }\n    UserIn: { type: object }\n`;
    const nAny = `    User: { type: object, properties: { nick: { anyOf: [{ type: string }, { type: 'null' }] } } }\n    UserIn: { type: object }\n`;
    expect(ids(diffTexts(api(n30, { openapi: '3.0.3' }), api(n31)))).toEqual(['spec-version-changed']);
    expect(diffTexts(api(n31), api(nAny))).toEqual([]);
  });

  it('finds nothing between the project contracts and themselves', () => {
    for (const f of ['contracts/openapi.yaml', 'contracts/asyncapi.yaml']) {
      const c = loadContract(path.join(ROOT, f));
      expect(diffContracts(c, loadContract(path.join(ROOT, f)), { today: TODAY })).toEqual([]);
    }
  });
});

describe('schema semantics', () => {
  it('follows circular schemas without looping and reports a change inside the cycle once per operation', () => {
    const tree = (max: number) => `    User: { $ref: '#/components/schemas/Node' }
    UserIn: { type: object }
    Node:
      type: object
      properties:
        label: { type: string, maxLength: ${max} }
        children: { type: array, items: { $ref: '#/components/schemas/Node' } }
        parent: { $ref: '#/components/schemas/Node' }
`;
    const found = diffTexts(api(tree(10)), api(tree(20), { version: '2.0.0' }));
    expect(ids(found)).toEqual(['response-max-length-increased']);
    expect(found).toHaveLength(1);
    expect(found[0]!.location.pointer).toBe('/components/schemas/Node/properties/label/maxLength');
  });

  it('reports a narrowed request and a widened response, and stays quiet the other way round', () => {
    const s = (reqMax: number, resMax: number) => `    User: { type: object, properties: { name: { type: string, maxLength: ${resMax} } } }\n    UserIn: { type: object, properties: { name: { type: string, maxLength: ${reqMax} } } }\n`;
    expect(ids(diffTexts(api(s(100, 100)), api(s(50, 200), { version: '2.0.0' })))).toEqual(['request-max-length-decreased', 'response-max-length-increased']);
    expect(ids(diffTexts(api(s(100, 100)), api(s(200, 50), { version: '1.1.0' })))).toEqual(['request-max-length-increased', 'response-max-length-decreased']);
  });

  it('ignores readOnly properties in requests and writeOnly ones in responses', () => {
    const b = `    User: { type: object, properties: { id: { type: string } } }\n    UserIn: { type: object, properties: { id: { type: string, readOnly: true }, secret: { type: string, writeOnly: true } } }\n`;
    const h = `    User: { type: object, properties: { id: { type: string } } }\n    UserIn: { type: object, required: [id], properties: { id: { type: string, readOnly: true, maxLength: 3 } } }\n`;
    // id is readOnly: a new requirement and a tighter bound on it do not concern requests.
    const found = diffTexts(api(b), api(h));
    expect(ids(found)).toEqual(['request-property-removed']);
    expect(found[0]!.message).toContain('secret');
  });

  it('matches oneOf variants by discriminator value, not by position', () => {
    const v = (order: string[]) => `    User:
      oneOf: [${order.map((n) => `{ $ref: '#/components/schemas/${n}' }`).join(', ')}]
      discriminator: { propertyName: kind }
    UserIn: { type: object }
    Cat: { type: object, required: [kind], properties: { kind: { const: cat }, lives: { type: integer } } }
    Dog: { type: object, required: [kind], properties: { kind: { const: dog }, good: { type: boolean } } }
`;
    expect(diffTexts(api(v(['Cat', 'Dog'])), api(v(['Dog', 'Cat'])))).toEqual([]);
  });

  it('compares a plain schema with the variants of a oneOf that replaced it, by direction', () => {
    const s = (user: string) => `    User: { type: object, properties: { v: ${user} } }\n    UserIn: { type: object, properties: { v: ${user} } }\n`;
    const A = '{ type: object, properties: { a: { type: string } } }';
    const B = '{ type: object, properties: { b: { type: string } } }';
    // An open object narrowed to two open object shapes: every object fits both variants, and
    // oneOf accepts exactly one, so requests that worked are rejected; in responses it is a warning.
    const toShapes = diffTexts(api(s('{ type: object }')), api(s(`{ oneOf: [${A}, ${B}] }`)));
    expect(toShapes.filter((f) => f.level !== 'info').map((f) => `${f.level} ${f.id}`).sort()).toEqual(['breaking request-one-of-overlap', 'breaking version-not-bumped', 'warning response-one-of-overlap']);
    // The same with anyOf, or with variants a discriminating constant tells apart: nothing breaks.
    const anyOf = diffTexts(api(s('{ type: object }')), api(s(`{ anyOf: [${A}, ${B}] }`)));
    expect(anyOf.filter((f) => f.level !== 'info')).toEqual([]);
    const tagged = (k: string) => `{ type: object, required: [kind], properties: { kind: { const: ${k} } } }`;
    const exclusive = diffTexts(api(s('{ type: object }')), api(s(`{ oneOf: [${tagged('a')}, ${tagged('b')}] }`)));
    expect(exclusive.map((f) => f.id)).not.toContain('request-one-of-overlap');
    // A string that may now also be an integer: a new variant in the response breaks readers.
    const widened = diffTexts(api(s('{ type: string }')), api(s('{ oneOf: [{ type: string }, { type: integer }] }'), { version: '2.0.0' }));
    expect(ids(widened)).toEqual(['request-one-of-branch-added', 'request-type-widened', 'response-type-changed']);
    // A string replaced by objects: one type change per direction, no variant noise.
    const changed = diffTexts(api(s('{ type: string }')), api(s(`{ oneOf: [${A}, ${B}] }`), { version: '2.0.0' }));
    expect(ids(changed)).toEqual(['request-type-changed', 'response-type-changed']);
  });

  it('flips directions for webhooks: the API sends the request, consumers read it', () => {
    const hook = (extra: string) => `openapi: 3.1.0
info: { title: t, version: 1.0.0 }
webhooks:
  userCreated:
    post:
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { kind: { type: string, enum: [a${extra}] } } }
      responses:
        '200': { description: ok }
`;
    expect(ids(diffTexts(hook(''), hook(', b')))).toEqual(['response-enum-value-added', 'version-not-bumped']);
  });


  it('reads callback bodies like responses: the API sends them', () => {
    const cb = (extra: string) => `openapi: 3.0.3
info: { title: t, version: 1.0.0 }
paths:
  /subscriptions:
    post:
      operationId: subscribe
      responses:
        '201': { description: ok }
      callbacks:
        onEvent:
          '{$request.body#/callbackUrl}':
            post:
              requestBody:
                content:
                  application/json:
                    schema: { type: object, properties: { kind: { type: string, enum: [a${extra}] } } }
              responses:
                '200': { description: ok }
`;
    const found = diffTexts(cb(''), cb(', b'));
    expect(found.map((f) => `${f.id} ${f.operation}`)).toContain('response-enum-value-added POST /subscriptions callback onEvent: POST {$request.body#/callbackUrl}');
  });
});

describe('findings', () => {
  it('carry method, path, status, media type and the schema path for tools that map them to consumers', () => {
    const s = (req: string) => `    User: { type: object }\n    UserIn: { type: object, properties: { profile: { type: object, properties: { displayName: { type: string${req} } } } } }\n`;
    const [f] = diffTexts(api(s('')), api(s(', maxLength: 10'), { version: '2.0.0' }));
    expect(f).toMatchObject({
      id: 'request-max-length-decreased',
      level: 'breaking',
      operation: 'POST /users',
      direction: 'request',
      context: { method: 'POST', path: '/users', operationId: 'createUser', mediaType: 'application/json', part: 'body', schemaPath: ['properties', 'profile', 'properties', 'displayName'] },
    });
    expect(f!.message).toContain('profile.displayName');
    expect(f!.location).toMatchObject({ pointer: '/components/schemas/UserIn/properties/profile/properties/displayName/maxLength' });
  });

  it('have fingerprints that do not depend on the message text or line numbers', () => {
    const s = (max: number, pad: string) => `    User: { type: object }\n${pad}    UserIn: { type: object, properties: { name: { type: string, maxLength: ${max} } } }\n`;
    const a = diffTexts(api(s(100, '')), api(s(50, ''), { version: '2.0.0' }));
    const b = diffTexts(api(s(100, '')), api(s(20, '    Extra: { type: string }\n'), { version: '2.0.0' }));
    expect(a[0]!.message).not.toBe(b[0]!.message);
    expect(a[0]!.fingerprint).toBe(b[0]!.fingerprint);
  });

  it('points at the base file for removals and the head file for the rest', () => {
    const b = api(USER).replace("      responses:\n        '201'", "      responses:\n        '200':\n          description: ok\n        '201'");
    const found = diffTexts(b, api(USER, { version: '2.0.0' }));
    const removed = found.find((f) => f.id === 'response-success-status-removed')!;
    expect(removed.location.file).toMatch(/c\.yaml$/);
    expect(removed.location.line).toBe(b.split('\n').findIndex((l) => l.includes("'200':")) + 1);
  });
});

describe('AsyncAPI', () => {
  it('maps 2.6 subscribe to messages the application sends (read like responses)', () => {
    const doc = (values: string) => `asyncapi: 2.6.0
info: { title: t, version: 1.0.0 }
channels:
  user/signedup:
    subscribe:
      operationId: onUserSignedUp
      message:
        payload: { type: object, properties: { plan: { type: string, enum: [${values}] } } }
    publish:
      operationId: signUpUser
      message:
        payload: { type: object, properties: { plan: { type: string, enum: [${values}] } } }
`;
    const found = diffTexts(doc('free, pro'), doc('free, pro, team'));
    expect(found.filter((f) => f.id.includes('enum')).map((f) => `${f.operation}:${f.id}`).sort()).toEqual([
      'onUserSignedUp:response-enum-value-added',
      'signUpUser:request-enum-value-added',
    ]);
  });

  it('applies message traits, so a header removed from a trait is seen', () => {
    const c = loadContract(path.join(ROOT, 'contracts/asyncapi.yaml'));
    const text = JSON.stringify(c.doc).replace('"required":["ce-id","ce-type","ce-source","ce-specversion","ce-time"]', '"required":["ce-id","ce-type","ce-source","ce-specversion"]');
    const found = diffTexts(JSON.stringify(c.doc), text);
    expect(ids(found)).toContain('response-property-became-optional');
    expect(found.find((f) => f.id === 'response-property-became-optional')!.channel).toBe('userCreated');
  });
});
