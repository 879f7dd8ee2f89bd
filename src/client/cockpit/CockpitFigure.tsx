/** A figure of the cockpit: a large number, readable across the hall, over its label. */
export type FigureTone = 'normal' | 'good' | 'warning' | 'danger';

interface CockpitFigureProps {
  label: string;
  value: string;
  tone?: FigureTone;
  testId?: string;
}

export function CockpitFigure({ label, value, tone = 'normal', testId }: CockpitFigureProps) {
  return (
    <div className={`cockpit-figure tone-${tone}`} data-testid={testId}>
      <span className="cockpit-figure-value">{value}</span>
      <span className="cockpit-figure-label">{label}</span>
    </div>
  );
}

/** A share as "87%", or the no-figure dash when there is nothing to divide. */
export function formatShare(
  share: number | null,
  formatNumber: (value: number, fractionDigits?: number) => string,
  none: string,
): string {
  return share === null ? none : `${formatNumber(share * 100)}%`;
}
