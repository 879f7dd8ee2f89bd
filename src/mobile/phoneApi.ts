/** The two REST calls the phone makes: sign in, then pair (the device token does the rest). */
import type { LoginResponse } from '../shared/api';
import { API_PREFIX } from '../shared/api';
import {
  DEVICE_PAIRING_API_PATH,
  DEVICE_UNPAIR_API_PATH,
  type PairedDevice,
} from '../shared/tracking';

async function postJson<T>(path: string, body: unknown, token?: string): Promise<T> {
  const answer = await fetch(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  const text = await answer.text();
  const parsed = text === '' ? null : (JSON.parse(text) as unknown);
  if (!answer.ok) {
    const message = (parsed as { message?: string } | null)?.message ?? `HTTP ${answer.status}`;
    throw new Error(message);
  }
  return parsed as T;
}

/** Signs in, pairs this phone as the account's worker, and ends the web session again. */
export async function signInAndPair(
  username: string,
  password: string,
  label: string,
): Promise<PairedDevice> {
  const login = await postJson<LoginResponse>(`${API_PREFIX}/auth/login`, { username, password });
  try {
    return await postJson<PairedDevice>(DEVICE_PAIRING_API_PATH, { label }, login.token);
  } finally {
    await postJson(`${API_PREFIX}/auth/logout`, {}, login.token).catch(() => undefined);
  }
}

/**
 * Signing out revokes this phone's device token on the server; false when the server could not
 * be reached (the phone forgets the token anyway; an admin can revoke it from the device list).
 */
export async function unpair(deviceToken: string): Promise<boolean> {
  try {
    const answer = await fetch(DEVICE_UNPAIR_API_PATH, {
      method: 'POST',
      headers: { authorization: `Device ${deviceToken}` },
    });
    return answer.ok || answer.status === 401;
  } catch {
    return false;
  }
}
