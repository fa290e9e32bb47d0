import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarSource } from '../../service/src/users/domain.ts';
import { idempotencyKey, uniqueEmail, requestWith } from '../support/http.ts';
import { startTestService, type TestService } from '../support/service.ts';

// These tests are about behaviour other than authorization, so they call as an admin (see auth.test.ts).
const request = requestWith(() => service.asAdmin);

// Stands in for the external avatar service so the profile's composition can be observed.
const avatarsById = new Map<string, 'down' | string>();
const avatars: AvatarSource = {
  async avatarFor(userId) {
    const avatar = avatarsById.get(userId);
    if (avatar === undefined) return { kind: 'none' };
    if (avatar === 'down') return { kind: 'unavailable' };
    return { kind: 'found', avatar: { url: avatar } };
  },
};

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ avatars });
});
afterAll(async () => {
  await service?.close();
});

async function newUserId(): Promise<string> {
  const res = await request(`${service.baseUrl}/users`, 'POST', {
    headers: { 'idempotency-key': idempotencyKey() },
    json: { email: uniqueEmail(), displayName: 'Grace Hopper' },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const dark = { theme: 'dark', emailNotifications: false, timezone: 'Europe/London' };

describe('PUT /v1/users/{userId}/preferences', () => {
  it('stores the preferences and returns them', async () => {
    const id = await newUserId();
    const res = await request(`${service.baseUrl}/users/${id}/preferences`, 'PUT', { json: dark });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual(dark);
  });

  it('replaces, rather than merges, earlier preferences', async () => {
    const id = await newUserId();
    await request(`${service.baseUrl}/users/${id}/preferences`, 'PUT', { json: dark });
    const light = { theme: 'light', emailNotifications: true, timezone: 'America/New_York' };
    const res = await request(`${service.baseUrl}/users/${id}/preferences`, 'PUT', { json: light });
    expect(res.body).toEqual(light);
  });

  it('returns 400 VALIDATION_FAILED when a required field is missing', async () => {
    const id = await newUserId();
    const res = await request(`${service.baseUrl}/users/${id}/preferences`, 'PUT', { json: { theme: 'dark' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('returns 404 USER_NOT_FOUND for an unknown or deleted user', async () => {
    const id = await newUserId();
    await request(`${service.baseUrl}/users/${id}`, 'DELETE');
    for (const userId of [id, '00000000-0000-4000-8000-000000000003']) {
      const res = await request(`${service.baseUrl}/users/${userId}/preferences`, 'PUT', { json: dark });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'USER_NOT_FOUND' });
    }
  });
});

describe('GET /v1/users/{userId}/profile', () => {
  it('composes the user with default preferences when none are stored', async () => {
    const id = await newUserId();
    const res = await request(`${service.baseUrl}/users/${id}/profile`, 'GET');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      user: expect.objectContaining({ id, displayName: 'Grace Hopper' }),
      preferences: { theme: 'system', emailNotifications: true, timezone: 'UTC' },
      degraded: [],
    });
  });

  it('includes stored preferences and the avatar when the avatar source has one', async () => {
    const id = await newUserId();
    avatarsById.set(id, 'https://avatars.example.com/grace.png');
    await request(`${service.baseUrl}/users/${id}/preferences`, 'PUT', { json: dark });
    const res = await request(`${service.baseUrl}/users/${id}/profile`, 'GET');
    expect(res.body).toMatchObject({ preferences: dark, avatar: { url: 'https://avatars.example.com/grace.png' }, degraded: [] });
  });

  it('still answers, listing avatar as degraded, when the avatar source is down', async () => {
    const id = await newUserId();
    avatarsById.set(id, 'down');
    const res = await request(`${service.baseUrl}/users/${id}/profile`, 'GET');
    expect(res.status).toBe(200);
    expect(res.body.degraded).toEqual(['avatar']);
    expect(res.body).not.toHaveProperty('avatar');
  });

  it('returns 404 USER_NOT_FOUND for an unknown user', async () => {
    const res = await request(`${service.baseUrl}/users/00000000-0000-4000-8000-000000000004/profile`, 'GET');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'USER_NOT_FOUND' });
  });
});
