/** The box a chart draws into: its class and, for horizontal bars, a height by row count. */
import type { CSSProperties } from 'react';

export function chartBox(className = '', rows?: number) {
  return {
    className: `cockpit-chart ${className}`.trim(),
    style: rows === undefined ? undefined : ({ '--chart-rows': rows } as CSSProperties),
  };
}
