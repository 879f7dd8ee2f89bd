import { describe, expect, it } from 'vitest';
import { formatProof, solveProof } from '../../domain/incidents/residentProof';
import { ResidentReportGuard } from './residentReportGuard';

const ZERO_BITS = 8;
const DEVICE = 'device-0123456789';
const START_MS = 1_700_000_000_000;

function guardAt(clock: { nowMs: number }, requireProof = false, perDevice = 2) {
  return new ResidentReportGuard({
    nowMs: () => clock.nowMs,
    requireProof,
    zeroBits: ZERO_BITS,
    perDevice,
    deviceWindowMs: 60_000,
  });
}

async function proofFor(deviceId: string, issuedAtMs: number): Promise<string> {
  return formatProof(await solveProof(deviceId, issuedAtMs, ZERO_BITS));
}

describe('the resident report guard', () => {
  it('lets a generic client without device or proof through unless proofs are required', async () => {
    const clock = { nowMs: START_MS };
    expect((await guardAt(clock).check({})).ok).toBe(true);
    await expect(guardAt(clock, true).check({})).resolves.toMatchObject({ ok: false, status: 400 });
  });

  it('accepts a valid proof once, and refuses it replayed', async () => {
    const clock = { nowMs: START_MS };
    const guard = guardAt(clock);
    const proof = await proofFor(DEVICE, START_MS);
    expect((await guard.check({ device_id: DEVICE, proof })).ok).toBe(true);
    await expect(guard.check({ device_id: DEVICE, proof })).resolves.toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('refuses a proof made for another device, an old one, and a bad device id', async () => {
    const clock = { nowMs: START_MS };
    const guard = guardAt(clock);
    const proof = await proofFor(DEVICE, START_MS);
    expect((await guard.check({ device_id: 'device-other-000', proof })).ok).toBe(false);
    clock.nowMs = START_MS + 11 * 60_000;
    await expect(guard.check({ device_id: DEVICE, proof })).resolves.toMatchObject({ status: 400 });
    await expect(guard.check({ device_id: 'a b', proof })).resolves.toMatchObject({ status: 400 });
    await expect(guard.check({ device_id: DEVICE })).resolves.toMatchObject({ status: 400 });
  });

  it('limits reports per device with a retry-after, and forgets the window when it ends', async () => {
    const clock = { nowMs: START_MS };
    const guard = guardAt(clock);
    for (let report = 0; report < 2; report += 1) {
      const proof = await proofFor(DEVICE, clock.nowMs + report);
      expect((await guard.check({ device_id: DEVICE, proof })).ok).toBe(true);
    }
    const third = await guard.check({
      device_id: DEVICE,
      proof: await proofFor(DEVICE, START_MS + 9),
    });
    expect(third).toMatchObject({ ok: false, status: 429 });
    expect(third.ok ? 0 : third.retryAfterS).toBeGreaterThan(0);
    clock.nowMs = START_MS + 61_000;
    const later = await proofFor(DEVICE, clock.nowMs);
    expect((await guard.check({ device_id: DEVICE, proof: later })).ok).toBe(true);
  });

  it('limits photo uploads per client address and per device, each in its own window', async () => {
    const clock = { nowMs: START_MS };
    const guard = new ResidentReportGuard({
      nowMs: () => clock.nowMs,
      requireProof: false,
      deviceWindowMs: 60_000,
      photosPerDevice: 2,
      photosPerAddress: 3,
    });
    await expect(guard.checkPhotoUpload(undefined, '10.0.0.1')).resolves.toMatchObject({
      ok: false,
      status: 400,
    });
    await expect(guard.checkPhotoUpload('bad id!', '10.0.0.1')).resolves.toMatchObject({
      ok: false,
      status: 400,
    });
    expect((await guard.checkPhotoUpload(DEVICE, '10.0.0.1')).ok).toBe(true);
    expect((await guard.checkPhotoUpload(DEVICE, '10.0.0.2')).ok).toBe(true);
    // The device's third photo in the window, from any address.
    await expect(guard.checkPhotoUpload(DEVICE, '10.0.0.3')).resolves.toMatchObject({
      ok: false,
      status: 429,
    });
    // Behind one address, other devices fill the address's window.
    expect((await guard.checkPhotoUpload('device-aaaaaaaa', '10.0.0.9')).ok).toBe(true);
    expect((await guard.checkPhotoUpload('device-bbbbbbbb', '10.0.0.9')).ok).toBe(true);
    expect((await guard.checkPhotoUpload('device-cccccccc', '10.0.0.9')).ok).toBe(true);
    const limited = await guard.checkPhotoUpload('device-dddddddd', '10.0.0.9');
    expect(limited).toMatchObject({ ok: false, status: 429 });
    expect(limited.ok ? 0 : (limited.retryAfterS ?? 0)).toBeGreaterThan(0);
    clock.nowMs = START_MS + 61_000;
    expect((await guard.checkPhotoUpload(DEVICE, '10.0.0.9')).ok).toBe(true);
  });
});
