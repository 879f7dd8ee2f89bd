/**
 * The PM2.5 layer's figures: per base grid, the mean of its PM2.5 sensors' means over the past
 * 24 hours (HJ 633-2012's PM2.5 breakpoints are for 24-hour means), as IAQI and band.
 */
import { aqiBandOf, pm25Iaqi } from '../../../domain/emergency/records/airQualityIndex';
import type { GridAirQuality } from '../../../shared/emergencyRecords';
import type { SensorRepository } from './emergencyRecordRepository';

export const AIR_QUALITY_WINDOW_MS = 24 * 3_600_000;

export async function airQualityByGrid(
  sensors: Pick<SensorRepository, 'pm25MeansSince'>,
  nowMs: number,
): Promise<GridAirQuality[]> {
  const byGrid = new Map<string, number[]>();
  const means = await sensors.pm25MeansSince(nowMs - AIR_QUALITY_WINDOW_MS);
  for (const { gridCode, meanUgM3 } of means) {
    const means = byGrid.get(gridCode) ?? [];
    means.push(meanUgM3);
    byGrid.set(gridCode, means);
  }
  return [...byGrid]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([gridCode, means]) => {
      const pm25UgM3 = means.reduce((sum, mean) => sum + mean, 0) / means.length;
      const iaqi = pm25Iaqi(pm25UgM3);
      return { gridCode, pm25UgM3, iaqi, level: aqiBandOf(iaqi).level, sensors: means.length };
    });
}
