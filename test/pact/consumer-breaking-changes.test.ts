/**
 * The three consumer safety nets, end to end, on a copy of the project whose contract is changed:
 * `charter diff` names the consumer and interaction, `charter can-i-deploy` refuses, and
 * provider verification fails — for a field a consumer reads — while a new optional field passes all three.
 *
 * Verification runs the copy's service after `charter generate` has rebuilt its bindings from the
 * changed contract: the service validates its responses and its events against those bindings, so
 * it behaves as a service built from the changed contract would (it can no longer send displayName),
 * without hand-editing service code in the test.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.ts';
import { copyRepo, type RepoCopy } from './repo-copy.ts';

const BASE_OPENAPI = path.join(REPO_ROOT, 'contracts/openapi.yaml');
const BASE_ASYNCAPI = path.join(REPO_ROOT, 'contracts/asyncapi.yaml');

let copy: RepoCopy | undefined;
afterEach(() => {
  copy?.remove();
  copy = undefined;
});

function removeUserDisplayName(text: string): string {
  return text
    .replace('required: [id, displayName, locale, status, version, createdAt, updatedAt]', 'required: [id, locale, status, version, createdAt, updatedAt]')
    .replace(/(        email:\n(?:          .*\n)+)        displayName: \{ type: string, minLength: 1, maxLength: 100 \}\n(        locale: \{ \$ref: '#\/components\/schemas\/Locale' \}\n        status:)/, '$1$2');
}

function addOptionalUserNickname(text: string): string {
  return text.replace("        status: { $ref: '#/components/schemas/UserStatus' }\n        version:", "        status: { $ref: '#/components/schemas/UserStatus' }\n        nickname: { type: string, maxLength: 50 }\n        version:");
}

function removeCreatedEventDisplayName(text: string): string {
  return text
    .replace('required: [userId, email, displayName, locale, version, createdAt]', 'required: [userId, email, locale, version, createdAt]')
    .replace(/(    UserCreatedData:\n(?:      .*\n)+?        email: .*\n)        displayName: .*\n/, '$1');
}

function addOptionalCreatedEventReferrer(text: string): string {
  return text.replace(/(    UserCreatedData:\n(?:      .*\n)+?        createdAt: \{ type: string, format: date-time \}\n)/, '$1        referrer: { type: string, maxLength: 200 }\n');
}

describe('a response field the web consumer reads is removed from the OpenAPI contract', () => {
  it('is named by diff, refused by can-i-deploy and fails provider verification', { timeout: 240_000 }, () => {
    copy = copyRepo();
    copy.edit('contracts/openapi.yaml', removeUserDisplayName);

    const diff = copy.charter(['diff', BASE_OPENAPI, 'contracts/openapi.yaml', '--consumers-only']);
    expect(diff.status, diff.stdout + diff.stderr).toBe(1);
    expect(diff.stdout).toContain('breaks web › "get user u1", "get user u1 after someone else changed it" (response body field displayName)');
    expect(diff.stdout).toContain('breaks web › "get user u1\'s profile" (response body field user.displayName)');

    const deploy = copy.charter(['can-i-deploy']);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(1);
    expect(deploy.stdout).toMatch(/web\s+12 http\s+✖ breaks/);
    expect(deploy.stdout).toMatch(/notifier\s+2 messages\s+✔ compatible/);
    expect(deploy.stdout).toMatch(/contracts\/openapi\.yaml:\d+:\d+: web › "get user u1": .*displayName/);

    expect(copy.charter(['generate']).status).toBe(0);
    const verify = copy.charter(['verify']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(1);
    expect(verify.stdout).toContain('✖ verification failed');
  });
});

describe('a new optional response field is added to the OpenAPI contract', () => {
  it('passes diff --consumers-only, can-i-deploy and provider verification', { timeout: 240_000 }, () => {
    copy = copyRepo();
    copy.edit('contracts/openapi.yaml', addOptionalUserNickname);

    const diff = copy.charter(['diff', BASE_OPENAPI, 'contracts/openapi.yaml', '--consumers-only']);
    expect(diff.status, diff.stdout + diff.stderr).toBe(0);
    expect(diff.stdout).not.toContain('breaks web');

    const deploy = copy.charter(['can-i-deploy']);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(0);

    expect(copy.charter(['generate']).status).toBe(0);
    const verify = copy.charter(['verify']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  });
});

describe('an event payload field the notifier reads is removed from the AsyncAPI contract', () => {
  it('is named by diff, refused by can-i-deploy and fails provider verification', { timeout: 240_000 }, () => {
    copy = copyRepo();
    copy.edit('contracts/asyncapi.yaml', removeCreatedEventDisplayName);

    const diff = copy.charter(['diff', BASE_ASYNCAPI, 'contracts/asyncapi.yaml', '--consumers-only']);
    expect(diff.status, diff.stdout + diff.stderr).toBe(1);
    expect(diff.stdout).toContain('breaks notifier › "a userCreated event" (payload field displayName)');

    const deploy = copy.charter(['can-i-deploy']);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(1);
    expect(deploy.stdout).toMatch(/notifier\s+2 messages\s+✖ breaks \(1 interaction\)/);
    expect(deploy.stdout).toMatch(/contracts\/asyncapi\.yaml:\d+:\d+: notifier › "a userCreated event": payload must NOT have additional properties - displayName/);

    expect(copy.charter(['generate']).status).toBe(0);
    const verify = copy.charter(['verify']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(1);
  });
});

describe('a new optional event payload field is added to the AsyncAPI contract', () => {
  it('passes diff --consumers-only, can-i-deploy and provider verification', { timeout: 240_000 }, () => {
    copy = copyRepo();
    copy.edit('contracts/asyncapi.yaml', addOptionalCreatedEventReferrer);

    const diff = copy.charter(['diff', BASE_ASYNCAPI, 'contracts/asyncapi.yaml', '--consumers-only']);
    expect(diff.status, diff.stdout + diff.stderr).toBe(0);

    const deploy = copy.charter(['can-i-deploy']);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(0);

    expect(copy.charter(['generate']).status).toBe(0);
    const verify = copy.charter(['verify']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  });
});
