/**
 * The countdown a pulsing incident marker carries: "01:02:03" left, "+01:02:03" over. Language-
 * neutral on purpose — the ring's colour says near (amber) or over (red). Cesium-free and pure.
 */
const MS_PER_SECOND = 1000;
const SECONDS_PER_MINUTE = 60;
const MINUTES_PER_HOUR = 60;

export function formatCountdown(remainingMs: number): string {
  const totalSeconds = Math.floor(Math.abs(remainingMs) / MS_PER_SECOND);
  const hours = Math.floor(totalSeconds / (SECONDS_PER_MINUTE * MINUTES_PER_HOUR));
  const minutes = Math.floor(totalSeconds / SECONDS_PER_MINUTE) % MINUTES_PER_HOUR;
  const seconds = totalSeconds % SECONDS_PER_MINUTE;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${remainingMs <= 0 ? '+' : ''}${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}
