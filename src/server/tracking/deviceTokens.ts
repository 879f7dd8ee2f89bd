/**
 * Device tokens: each phone or simulator authenticates as one worker with its own random token.
 * Only the token's sha-256 is stored (a stolen database yields no live devices); the token is
 * shown once, when it is issued, and never logged.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DeviceTokenInfo, IssuedDeviceToken } from '../../shared/tracking';
import { NotFoundError } from '../registry/accessErrors';
import type { DeviceTokenRecord, TrackingRepository } from './trackingRepository';

const DEVICE_TOKEN_BYTES = 32;

export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh random token and the hash the store keeps of it. */
export function mintDeviceToken(): { token: string; tokenHash: string } {
  const token = randomBytes(DEVICE_TOKEN_BYTES).toString('base64url');
  return { token, tokenHash: hashDeviceToken(token) };
}

export function toDeviceTokenInfo(record: DeviceTokenRecord): DeviceTokenInfo {
  return {
    deviceId: record.deviceId,
    workerId: record.workerId,
    label: record.label,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    revokedAt: record.revokedAt,
  };
}

export async function issueDeviceToken(
  tracking: TrackingRepository,
  request: { workerId: number; label: string; createdBy: string; demo?: boolean },
  now: Date,
): Promise<IssuedDeviceToken> {
  if ((await tracking.workerById(request.workerId)) === null) {
    throw new NotFoundError(`worker ${request.workerId}`);
  }
  const { token, tokenHash } = mintDeviceToken();
  const record = await tracking.insertDeviceToken({
    tokenHash,
    workerId: request.workerId,
    label: request.label.trim(),
    createdAt: now.toISOString(),
    createdBy: request.createdBy,
    demo: request.demo ?? false,
  });
  return { ...toDeviceTokenInfo(record), token };
}

/** The live token's device and worker, or null (unknown, revoked, or not a string at all). */
export async function authenticateDeviceToken(
  tracking: Pick<TrackingRepository, 'deviceTokenByHash'>,
  token: unknown,
): Promise<{ deviceId: number; workerId: number } | null> {
  if (typeof token !== 'string' || token === '') return null;
  const record = await tracking.deviceTokenByHash(hashDeviceToken(token));
  return record === null ? null : { deviceId: record.deviceId, workerId: record.workerId };
}
