/**
 * verify, can-i-deploy and diff on a provider that is not the users service: a second team's
 * project in a temp folder (second-provider.ts) with its own contract, an Express service on its
 * generated bindings, and two consumer pacts, `shop` in Pact v3 and `courier` in v4.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTRACT, courierPactV4, createProject, shopPactV3, type Project } from './second-provider.ts';

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

function generated(): Project {
  const p = createProject();
  const g = p.charter(['generate']);
  expect(g.status, g.stdout + g.stderr).toBe(0);
  return p;
}

/** The provider renames `item` to `product`, in its contract and in what it sends. */
function renameItem(p: Project): void {
  p.edit('contracts/openapi.yaml', (t) => t.replace('required: [id, item, quantity, status]', 'required: [id, product, quantity, status]').replace('        item: { type: string, maxLength: 100 }', '        product: { type: string, maxLength: 100 }'));
  p.edit('server.ts', (t) => t.replace('item: String(order.item)', 'product: String(order.item)'));
}

describe('a second provider with a v3 and a v4 consumer pact', () => {
  it('passes as it is, and a compliant change (a new optional field) passes too', { timeout: 240_000 }, () => {
    project = generated();
    const deploy = project.charter(['can-i-deploy']);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(0);
    // shop's v3 pact reads status "pending", which the contract's enum does not list: matched by type, it is only an example.
    expect(deploy.stdout).toMatch(/shop\s+1 http\s+✔ compatible/);
    expect(deploy.stdout).toMatch(/courier\s+2 http\s+✔ compatible/);

    project.edit('contracts/openapi.yaml', (t) => t.replace('        legacyCode: { type: string, maxLength: 20 }\n', '        legacyCode: { type: string, maxLength: 20 }\n        giftWrap: { type: boolean }\n'));
    project.edit('server.ts', (t) => t.replace("status: order.status as 'placed' | 'shipped' }", "status: order.status as 'placed' | 'shipped', giftWrap: false }"));
    expect(project.charter(['generate']).status).toBe(0);
    expect(project.charter(['can-i-deploy']).status).toBe(0);

    const verify = project.charter(['verify', '--output-json', 'out/verify.json', '--output-junit', 'out/verify.xml']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain('✔ verified: courier, shop (3 interactions against orders-service)');
    const report = JSON.parse(fs.readFileSync(path.join(project.dir, 'out/verify.json'), 'utf8'));
    expect(report).toMatchObject({ provider: 'orders-service', ok: true, verified: 3, failed: 0 });
    expect(report.consumers.map((c: { consumer: string; specification: string }) => `${c.consumer} ${c.specification}`)).toEqual(['courier 4.0', 'shop 3.0.0']);
    expect(fs.readFileSync(path.join(project.dir, 'out/verify.xml'), 'utf8')).toContain('<testsuites name="charter verify orders-service" tests="3" failures="0">');
  });

  it('fails verify and can-i-deploy for a change that breaks an interaction, naming the consumer and the interaction', { timeout: 240_000 }, () => {
    project = generated();
    renameItem(project);
    expect(project.charter(['generate']).status).toBe(0);

    const deploy = project.charter(['can-i-deploy']);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(1);
    // The v3 pact's body is read (it used to be skipped): the shop reads item.
    expect(deploy.stdout).toMatch(/shop\s+1 http\s+✖ breaks \(1 interaction\)/);
    expect(deploy.stdout).toMatch(/contracts\/openapi\.yaml:\d+:\d+: shop › "get order o1": .*item/);
    expect(deploy.stdout).toMatch(/courier\s+2 http\s+✔ compatible/);

    const verify = project.charter(['verify', '--output-json', 'out/verify.json', '--output-junit', 'out/verify.xml']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(1);
    expect(verify.stdout).toContain('✖ shop › "get order o1"');
    expect(verify.stdout).toContain('✖ verification failed: 1 interaction of shop');
    const report = JSON.parse(fs.readFileSync(path.join(project.dir, 'out/verify.json'), 'utf8'));
    const shop = report.consumers.find((c: { consumer: string }) => c.consumer === 'shop');
    expect(shop.interactions[0]).toMatchObject({ description: 'get order o1', ok: false });
    expect(shop.interactions[0].mismatches.join('\n')).toContain('item');
    expect(report.consumers.find((c: { consumer: string }) => c.consumer === 'courier').ok).toBe(true);
    const junit = fs.readFileSync(path.join(project.dir, 'out/verify.xml'), 'utf8');
    expect(junit).toMatch(/<testcase classname="orders-service\.shop" name="get order o1">\s*<failure message="[^"]*item/);

    project.write('base.yaml', CONTRACT);
    const diff = project.charter(['diff', 'base.yaml', 'contracts/openapi.yaml', '--consumers-only']);
    expect(diff.status, diff.stdout + diff.stderr).toBe(1);
    expect(diff.stdout).toContain('breaks shop › "get order o1" (response body field item)');
    expect(diff.stdout).not.toContain('breaks courier');
  });

  it('fails when the pacts folder holds no pact for the provider, or the provider never answers', { timeout: 240_000 }, () => {
    project = generated();
    project.write('other/web-users-service.json', courierPactV4().replaceAll('orders-service', 'users-service').replace('"courier"', '"web"'));
    for (const command of [['verify', '--pacts', 'other'], ['can-i-deploy', '--pacts', 'other']]) {
      const r = project.charter(command);
      expect(r.status, `${command.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stderr).toContain('no pact for provider orders-service in other (the pacts there are for users-service)');
    }
    fs.mkdirSync(path.join(project.dir, 'empty'));
    const none = project.charter(['verify', '--pacts', 'empty', '--output-json', 'out/none.json']);
    expect(none.status).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(project.dir, 'out/none.json'), 'utf8'))).toMatchObject({ ok: false, verified: 0 });

    // A provider that answers 404 where the pact expects 200 fails, whatever it is.
    project.edit('server.ts', (t) => t.replace("app.use(createRouter<Ctx>(handlers, { context: () => ({}) }));", "app.use((_req, res) => { res.status(404).json({ message: 'nothing here' }); });"));
    const wrong = project.charter(['verify']);
    expect(wrong.status, wrong.stdout + wrong.stderr).toBe(1);
    expect(wrong.stdout).toContain('✖ courier › "get the quantity of order o1"');

    project.edit('server.ts', (t) => t.replace("app.listen(Number(process.env.PORT), '127.0.0.1');", "process.exit(3);"));
    const dead = project.charter(['verify']);
    expect(dead.status).toBe(2);
    expect(dead.stderr).toContain('the provider command exited (code 3) before it was ready');
  });

  it('rejects a pact in an unknown specification version, naming the file', { timeout: 60_000 }, () => {
    project = createProject();
    project.write('pacts/shop-orders-service.json', shopPactV3().replace('"3.0.0"', '"5.0.0"'));
    const r = project.charter(['can-i-deploy']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/shop-orders-service\.json:1: error: unsupported Pact specification version 5\.0\.0/);
  });
});

describe('environments without a broker', () => {
  it('checks the head contract against exactly the consumer versions deployed to an environment', { timeout: 240_000 }, () => {
    project = createProject();
    const p = project;
    p.git(['init', '-q', '-b', 'main']);
    // shop 1 reads legacyCode; shop 2 no longer does.
    p.write('pacts/shop-orders-service.json', shopPactV3({ readsLegacyCode: true }));
    p.git(['add', '.']);
    p.git(['commit', '-q', '-m', 'shop 1']);
    p.git(['tag', 'shop-1']);
    p.write('pacts/shop-orders-service.json', shopPactV3());
    p.git(['commit', '-q', '-am', 'shop 2']);
    const shop2 = p.git(['rev-parse', 'HEAD']);

    expect(p.charter(['record-deployment', '--consumer', 'shop', '--version', 'shop-1', '--env', 'production']).status).toBe(0);
    const staged = p.charter(['record-deployment', '--consumer', 'shop', '--version', shop2, '--env', 'staging']);
    expect(staged.status, staged.stdout + staged.stderr).toBe(0);
    expect(p.charter(['record-deployment', '--consumer', 'courier', '--version', shop2, '--env', 'staging']).status).toBe(0);
    const file = fs.readFileSync(path.join(p.dir, 'pacts/deployments.yaml'), 'utf8');
    expect(file).toMatch(/production:\n\s+shop:\n\s+version: shop-1\n\s+commit: [0-9a-f]{40}\n\s+pact: pacts\/shop-orders-service\.json/);
    p.git(['add', 'pacts/deployments.yaml']);
    p.git(['commit', '-q', '-m', 'deployments']);

    // Head: the provider drops legacyCode.
    p.edit('contracts/openapi.yaml', (t) => t.replace('        legacyCode: { type: string, maxLength: 20 }\n', ''));

    const production = p.charter(['can-i-deploy', '--env', 'production']);
    expect(production.status, production.stdout + production.stderr).toBe(1);
    expect(production.stdout).toMatch(/consumer\s+version\s+interactions\s+result/);
    expect(production.stdout).toMatch(/shop\s+shop-1\s+1 http\s+✖ breaks \(1 interaction\)/);
    expect(production.stdout).toMatch(/shop › "get order o1": .*legacyCode/);
    expect(production.stdout).toContain('✖ cannot deploy to production: shop shop-1 would break');

    const staging = p.charter(['can-i-deploy', '--env', 'staging']);
    expect(staging.status, staging.stdout + staging.stderr).toBe(0);
    expect(staging.stdout).toMatch(new RegExp(`shop\\s+${shop2}\\s+1 http\\s+✔ compatible`));
    expect(staging.stdout).toMatch(/courier\s+[0-9a-f]{40}\s+2 http\s+✔ compatible/);

    const nowhere = p.charter(['can-i-deploy', '--env', 'qa']);
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toContain('no consumer version is recorded as deployed to qa');

    const unknown = p.charter(['record-deployment', '--consumer', 'shop', '--version', 'no-such-tag', '--env', 'production']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no-such-tag is not a commit or tag in this repository');

    // diff reads the pacts in the folder (shop 2's, which no longer reads legacyCode) ...
    const diff = p.charter(['diff', 'HEAD:contracts/openapi.yaml', 'contracts/openapi.yaml', '--consumers-only', '--fail-on', 'warning']);
    expect(diff.status, diff.stdout + diff.stderr).toBe(0);
    expect(diff.stdout).not.toContain('affects shop');
    // ... and names the v3 consumer when its pact reads the removed field.
    p.write('pacts/shop-orders-service.json', shopPactV3({ readsLegacyCode: true }));
    const hit = p.charter(['diff', 'HEAD:contracts/openapi.yaml', 'contracts/openapi.yaml', '--consumers-only', '--fail-on', 'warning']);
    expect(hit.status, hit.stdout + hit.stderr).toBe(1);
    expect(hit.stdout).toContain('affects shop › "get order o1" (response body field legacyCode)');
  });
});
