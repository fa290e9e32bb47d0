import { describe, expect, it } from 'vitest';
import { heyApiInput } from './client.ts';

describe('the document hey-api is given', () => {
  it('drops example data but keeps schemas, properties and headers that are named like it', () => {
    const doc = {
      components: {
        schemas: {
          example: { type: 'object', properties: { example: { type: 'string', example: 'x' } }, example: { example: 'x' } },
          examples: { type: 'string', examples: ['a'] },
        },
        responses: { Ok: { description: 'ok', headers: { example: { schema: { type: 'string' } } }, content: { 'application/json': { schema: { $ref: '#/components/schemas/example' }, examples: { one: { value: {} } } } } } },
      },
    };
    expect(heyApiInput(doc)).toEqual({
      components: {
        schemas: {
          example: { type: 'object', properties: { example: { type: 'string' } } },
          examples: { type: 'string' },
        },
        responses: { Ok: { description: 'ok', headers: { example: { schema: { type: 'string' } } }, content: { 'application/json': { schema: { $ref: '#/components/schemas/example' } } } } },
      },
    });
  });
});
