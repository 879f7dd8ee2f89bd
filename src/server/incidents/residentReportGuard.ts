/**
 * Abuse protection for citizens' creates beyond the per-address limit: a proof of work bound to
 * a device id (the resident page computes it; see domain/incidents/residentProof) and a limit per device.
 * Many residents share one address (a carrier's NAT, a compound's Wi-Fi), so the address limit
 * must stay generous; the device limit is the tight one, and a bot that invents device ids pays a
 * fresh proof for each. A generic Open311 client sends neither field and is judged by the
 * address limit alone, unless `OPEN311_REQUIRE_PROOF=1` makes the proof compulsory.
 */
import { createHash } from 'node:crypto';
import {
  DEVICE_ID_MAX_LENGTH,
  leadingZeroBits,
  parseProof,
  PROOF_MAX_AGE_MS,
  PROOF_ZERO_BITS,
  proofStamp,
} from '../../domain/incidents/residentProof';
import { inMemoryRateLimits, type RateLimit, type RateLimitFactory } from './fixedWindowRateLimit';

export const OPEN311_REQUIRE_PROOF_ENV = 'OPEN311_REQUIRE_PROOF';
/** Reports per device per hour: a resident reports a few things a day, not a stream. */
export const RESIDENT_REPORTS_PER_DEVICE = 5;
export const RESIDENT_DEVICE_WINDOW_MS = 60 * 60_000;
/**
 * Photo uploads per device and per client address per window: a report takes a few photos and a
 * device files a few reports an hour; the address limit is wider, for residents behind one NAT.
 */
export const RESIDENT_PHOTOS_PER_DEVICE = 15;
export const RESIDENT_PHOTOS_PER_ADDRESS = 60;
const DEVICE_ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{8,${DEVICE_ID_MAX_LENGTH}}$`);

export type GuardVerdict =
  { ok: true } | { ok: false; status: 400 | 429; description: string; retryAfterS?: number };

export interface ResidentReportGuardOptions {
  nowMs: () => number;
  requireProof: boolean;
  zeroBits?: number;
  perDevice?: number;
  deviceWindowMs?: number;
  photosPerDevice?: number;
  photosPerAddress?: number;
  /** Where the counters live (default: this process's memory). */
  rateLimits?: RateLimitFactory;
  /** Where used proofs are remembered (default: this process's memory). */
  usedProofs?: UsedProofs;
}

/**
 * Proofs already taken, each until it could no longer be valid anyway (a proof is good once).
 * Asynchronous as the database's are (docs/decisions/0040-postgresql.md).
 */
export interface UsedProofs {
  isUsed(stamp: string): Promise<boolean>;
  /** Records the stamp; false when it was recorded already (taken meanwhile by another). */
  take(stamp: string, forgetAtMs: number): Promise<boolean>;
  forgetBefore(nowMs: number): Promise<void>;
}

/** This process's memory: each method reads and writes before it answers, nothing in between. */
export class InMemoryUsedProofs implements UsedProofs {
  private readonly stamps = new Map<string, number>();

  isUsed(stamp: string): Promise<boolean> {
    return Promise.resolve(this.stamps.has(stamp));
  }

  take(stamp: string, forgetAtMs: number): Promise<boolean> {
    if (this.stamps.has(stamp)) return Promise.resolve(false);
    this.stamps.set(stamp, forgetAtMs);
    return Promise.resolve(true);
  }

  forgetBefore(nowMs: number): Promise<void> {
    for (const [stamp, forgetAtMs] of this.stamps) {
      if (forgetAtMs < nowMs) this.stamps.delete(stamp);
    }
    return Promise.resolve();
  }
}

function refused(description: string): GuardVerdict {
  return { ok: false, status: 400, description };
}

export class ResidentReportGuard {
  private readonly deviceLimit: RateLimit;
  private readonly photoDeviceLimit: RateLimit;
  private readonly photoAddressLimit: RateLimit;
  private readonly usedProofs: UsedProofs;
  private readonly zeroBits: number;

  constructor(private readonly options: ResidentReportGuardOptions) {
    this.zeroBits = options.zeroBits ?? PROOF_ZERO_BITS;
    this.usedProofs = options.usedProofs ?? new InMemoryUsedProofs();
    const limits = options.rateLimits ?? inMemoryRateLimits(options.nowMs);
    const windowMs = options.deviceWindowMs ?? RESIDENT_DEVICE_WINDOW_MS;
    this.deviceLimit = limits(
      'resident-reports-per-device',
      options.perDevice ?? RESIDENT_REPORTS_PER_DEVICE,
      windowMs,
    );
    this.photoDeviceLimit = limits(
      'resident-photos-per-device',
      options.photosPerDevice ?? RESIDENT_PHOTOS_PER_DEVICE,
      windowMs,
    );
    this.photoAddressLimit = limits(
      'resident-photos-per-address',
      options.photosPerAddress ?? RESIDENT_PHOTOS_PER_ADDRESS,
      windowMs,
    );
  }

  /**
   * Judges one photo upload before its bytes are looked at: the device id the page sends (the
   * one it reported with) and the client address each have a limit per window.
   */
  async checkPhotoUpload(deviceId: unknown, address: string): Promise<GuardVerdict> {
    if (typeof deviceId !== 'string' || !DEVICE_ID_PATTERN.test(deviceId)) {
      return refused('device_id must be 8–64 letters, digits, - or _ (设备标识无效)');
    }
    for (const [limit, key] of [
      [this.photoAddressLimit, address],
      [this.photoDeviceLimit, deviceId],
    ] as const) {
      if (!(await limit.tryTake(key))) {
        return {
          ok: false,
          status: 429,
          description: 'too many photos, try again later (上传照片过于频繁，请稍后再试)',
          retryAfterS: await limit.retryAfterS(key),
        };
      }
    }
    return { ok: true };
  }

  /** Judges one citizen's create; a partner platform is never asked. */
  async check(input: { device_id?: unknown; proof?: unknown }): Promise<GuardVerdict> {
    const { device_id: deviceId, proof: proofText } = input;
    if (deviceId === undefined && proofText === undefined) {
      return this.options.requireProof
        ? refused('device_id and proof are required (须提供设备标识与验证)')
        : { ok: true };
    }
    if (typeof deviceId !== 'string' || !DEVICE_ID_PATTERN.test(deviceId)) {
      return refused('device_id must be 8–64 letters, digits, - or _ (设备标识无效)');
    }
    const proof = typeof proofText === 'string' ? parseProof(proofText) : null;
    if (proof === null) return refused('proof is missing or malformed (缺少验证或格式错误)');
    const nowMs = this.options.nowMs();
    await this.usedProofs.forgetBefore(nowMs);
    if (Math.abs(nowMs - proof.issuedAtMs) > PROOF_MAX_AGE_MS) {
      return refused('proof has expired, try again (验证已过期，请重试)');
    }
    const stamp = proofStamp(deviceId, proof);
    const digest = createHash('sha256').update(stamp).digest();
    if (leadingZeroBits(digest) < this.zeroBits || (await this.usedProofs.isUsed(stamp))) {
      return refused('proof is not valid (验证未通过)');
    }
    if (!(await this.deviceLimit.tryTake(deviceId))) {
      return {
        ok: false,
        status: 429,
        description:
          'too many reports from this device, try again later (本机上报过于频繁，请稍后再试)',
        retryAfterS: await this.deviceLimit.retryAfterS(deviceId),
      };
    }
    if (!(await this.usedProofs.take(stamp, proof.issuedAtMs + PROOF_MAX_AGE_MS))) {
      return refused('proof is not valid (验证未通过)');
    }
    return { ok: true };
  }
}
