/**
 * A second team's provider, built in a temp folder: its own small contract (orders), an Express
 * service on the bindings `charter generate` writes from it, a provider-states module on
 * @charter/cli/pact's interface, and two consumer pacts, `shop` in Pact v3 and `courier` in v4.
 * Nothing of the users service is in it: what passes or fails here is the toolchain on someone
 * else's project.
 *
 * The service keeps its orders in a JSON file (ORDERS_FILE): the states module's prepare() makes
 * the file and hands its path to the provider command, and the state handlers write to it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../support/cli.ts';

export interface Project {
  dir: string;
  charter(args: string[]): { status: number | null; stdout: string; stderr: string };
  write(file: string, text: string): void;
  edit(file: string, change: (text: string) => string): void;
  git(args: string[]): string;
  remove(): void;
}

export const CONTRACT = `openapi: 3.1.0
info: { title: Orders API, version: 1.0.0 }
servers: [{ url: /api }]
paths:
  /orders/{orderId}:
    get:
      operationId: getOrder
      parameters:
        - { name: orderId, in: path, required: true, schema: { type: string, maxLength: 64 } }
      responses:
        '200':
          description: The order.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Order' }
        '404':
          description: No such order.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Missing' }
components:
  schemas:
    Order:
      type: object
      required: [id, item, quantity, status]
      properties:
        id: { type: string, maxLength: 64 }
        item: { type: string, maxLength: 100 }
        quantity: { type: integer, minimum: 1, maximum: 1000 }
        status: { type: string, enum: [placed, shipped] }
        legacyCode: { type: string, maxLength: 20 }
    Missing:
      type: object
      required: [message]
      properties:
        message: { type: string, maxLength: 200 }
`;

export const SERVER = `import fs from 'node:fs';
import express from 'express';
import { createRouter, type Handlers } from './generated/server/index.ts';

type Ctx = Record<string, never>;
const file = process.env.ORDERS_FILE!;
const orders = (): Record<string, Record<string, unknown>> => JSON.parse(fs.readFileSync(file, 'utf8'));

const handlers: Handlers<Ctx> = {
  async getOrder(input) {
    const order = orders()[input.path.orderId];
    if (!order) return { status: 404 as const, body: { message: 'no such order' } };
    return { status: 200 as const, body: { id: String(order.id), item: String(order.item), quantity: Number(order.quantity), status: order.status as 'placed' | 'shipped' } };
  },
};

const app = express();
app.get('/healthz', (_req, res) => { res.json({ ok: true }); });
app.use(createRouter<Ctx>(handlers, { context: () => ({}) }));
app.listen(Number(process.env.PORT), '127.0.0.1');
`;

export const STATES = `import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProviderStates } from '${path.join(REPO_ROOT, 'scripts/charter/pact/index.ts')}';

let file = '';
const save = (orders: Record<string, unknown>) => fs.writeFileSync(file, JSON.stringify(orders));
const load = () => JSON.parse(fs.readFileSync(file, 'utf8'));

export default {
  prepare() {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orders-')), 'orders.json');
    save({});
    return { env: { ORDERS_FILE: file } };
  },
  states: {
    'order o1 exists': {
      setup: (params) => {
        const id = String(params.id ?? 'o1');
        save({ ...load(), [id]: { id, item: 'teapot', quantity: 2, status: 'placed', legacyCode: 'T-1' } });
        return { orderId: id };
      },
      teardown: () => save({}),
    },
    'no order o9': () => save({}),
  },
  requestFilter(request) {
    request.headers['x-verified-by'] = 'charter';
  },
  close() {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  },
} satisfies ProviderStates;
`;

export const CONFIG = `contracts:
  openapi: contracts/openapi.yaml
provider:
  name: orders-service
  states: provider-states.ts
  command: node --conditions=charter-source --import tsx server.ts
  ready: /healthz
  readyTimeoutSeconds: 30
`;

/** The shop's pact, Pact specification v3: raw bodies, matchingRules by category. */
export function shopPactV3(options: { readsLegacyCode?: boolean } = {}): string {
  const body: Record<string, unknown> = { id: 'o1', item: 'teapot', status: 'pending' };
  if (options.readsLegacyCode) body.legacyCode = 'T-1';
  return `${JSON.stringify(
    {
      consumer: { name: 'shop' },
      provider: { name: 'orders-service' },
      interactions: [
        {
          description: 'get order o1',
          providerStates: [{ name: 'order o1 exists', params: { id: 'o1' } }],
          request: { method: 'GET', path: '/api/orders/o1' },
          response: {
            status: 200,
            headers: { 'Content-Type': 'application/json; charset=utf-8' },
            body,
            // status by type: the shop shows whatever status it gets, so "pending" is only an example.
            matchingRules: { body: { '$.status': { matchers: [{ match: 'type' }], combine: 'AND' }, '$.item': { matchers: [{ match: 'type' }] } }, header: { 'Content-Type': { matchers: [{ match: 'regex', regex: 'application/json.*' }] } } },
          },
        },
      ],
      metadata: { pactSpecification: { version: '3.0.0' } },
    },
    null,
    2,
  )}\n`;
}

/** The courier's pact, Pact specification v4: typed interactions, { content } bodies, a provider-state generator. */
export function courierPactV4(): string {
  return `${JSON.stringify(
    {
      consumer: { name: 'courier' },
      provider: { name: 'orders-service' },
      interactions: [
        {
          type: 'Synchronous/HTTP',
          description: 'get the quantity of order o1',
          providerStates: [{ name: 'order o1 exists', params: { id: 'o1' } }],
          request: { method: 'GET', path: '/api/orders/o1', generators: { path: { type: 'ProviderState', expression: '/api/orders/\${orderId}' } } },
          response: {
            status: 200,
            body: { content: { id: 'o1', quantity: 2 }, contentType: 'application/json' },
            matchingRules: { body: { '$.id': { combine: 'AND', matchers: [{ match: 'type' }] }, '$.quantity': { combine: 'AND', matchers: [{ match: 'integer' }] } } },
          },
        },
        {
          type: 'Synchronous/HTTP',
          description: 'get an order that does not exist',
          providerStates: [{ name: 'no order o9' }],
          request: { method: 'GET', path: '/api/orders/o9' },
          response: { status: 404, body: { content: { message: 'no such order' }, contentType: 'application/json' }, matchingRules: { body: { '$.message': { combine: 'AND', matchers: [{ match: 'type' }] } } } },
        },
      ],
      metadata: { pactSpecification: { version: '4.0' } },
    },
    null,
    2,
  )}\n`;
}

export function createProject(): Project {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-orders-'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const project: Project = {
    dir,
    charter(args) {
      const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/charter/bin.mjs'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 180_000,
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      });
      return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    },
    write(file, text) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    },
    edit(file, change) {
      const abs = path.join(dir, file);
      const before = fs.readFileSync(abs, 'utf8');
      const after = change(before);
      // A replacement that matched nothing would make the test pass for the wrong reason.
      if (after === before) throw new Error(`editing ${file} changed nothing`);
      fs.writeFileSync(abs, after);
    },
    git(args) {
      const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
      if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
      return r.stdout.trim();
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  project.write('package.json', '{ "name": "orders-service", "private": true, "type": "module" }\n');
  project.write('charter.config.yaml', CONFIG);
  project.write('contracts/openapi.yaml', CONTRACT);
  project.write('server.ts', SERVER);
  project.write('provider-states.ts', STATES);
  project.write('pacts/shop-orders-service.json', shopPactV3());
  project.write('pacts/courier-orders-service.json', courierPactV4());
  return project;
}
