/**
 * Solar altitude above the horizon for a time and place, from NOAA's "General Solar Position
 * Calculations" (the fractional-year series of Spencer 1971 for the declination and the
 * equation of time). Accurate to a few tenths of a degree, which is all the stability key
 * needs: its insolation classes are 15° to 25° wide.
 */
const DEG = Math.PI / 180;
const MS_PER_DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;
const DAYS_PER_YEAR = 365;

function dayOfYear(date: Date): number {
  return (
    (Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) -
      Date.UTC(date.getUTCFullYear(), 0, 1)) /
      MS_PER_DAY +
    1
  );
}

/** Degrees above the horizon (negative below it) at `atMs` (UTC) seen from lon/lat degrees. */
export function solarAltitudeDeg(atMs: number, lonDeg: number, latDeg: number): number {
  const date = new Date(atMs);
  const minutesUtc = date.getUTCHours() * 60 + date.getUTCMinutes() + date.getUTCSeconds() / 60;
  const fractionalYear =
    ((2 * Math.PI) / DAYS_PER_YEAR) * (dayOfYear(date) - 1 + (minutesUtc / 60 - 12) / 24);
  const equationOfTimeMin =
    229.18 *
    (0.000075 +
      0.001868 * Math.cos(fractionalYear) -
      0.032077 * Math.sin(fractionalYear) -
      0.014615 * Math.cos(2 * fractionalYear) -
      0.040849 * Math.sin(2 * fractionalYear));
  const declinationRad =
    0.006918 -
    0.399912 * Math.cos(fractionalYear) +
    0.070257 * Math.sin(fractionalYear) -
    0.006758 * Math.cos(2 * fractionalYear) +
    0.000907 * Math.sin(2 * fractionalYear) -
    0.002697 * Math.cos(3 * fractionalYear) +
    0.00148 * Math.sin(3 * fractionalYear);
  const trueSolarMin = (minutesUtc + equationOfTimeMin + 4 * lonDeg) % MINUTES_PER_DAY;
  const hourAngleRad = (trueSolarMin / 4 - 180) * DEG;
  const latRad = latDeg * DEG;
  const sinAltitude =
    Math.sin(latRad) * Math.sin(declinationRad) +
    Math.cos(latRad) * Math.cos(declinationRad) * Math.cos(hourAngleRad);
  return Math.asin(Math.max(-1, Math.min(1, sinAltitude))) / DEG;
}
