/**
 * Holds an incident's revealed original text apart from its detail, so the masked detail stays
 * the source of truth and the revealed words lapse on their own.
 */
import { useEffect, useState } from 'react';
import type { IncidentDetail, IncidentTextRevealResponse } from '../../shared/incidents';
import { REVEAL_DISPLAY_MS } from '../widgets/RevealDialog';

/**
 * The original text once revealed, for this incident only, until REVEAL_DISPLAY_MS have passed
 * or the detail is read again (a newer version would not match the revealed notes).
 */
export function useRevealedText(detail: IncidentDetail | null) {
  const [revealed, setRevealed] = useState<IncidentTextRevealResponse | null>(null);
  useEffect(() => setRevealed(null), [detail]);
  useEffect(() => {
    if (revealed === null) return;
    const timer = window.setTimeout(() => setRevealed(null), REVEAL_DISPLAY_MS);
    return () => window.clearTimeout(timer);
  }, [revealed]);
  const shown =
    detail !== null && revealed !== null && revealed.incidentId === detail.id
      ? {
          ...detail,
          description: revealed.description,
          history: detail.history.map((step, index) => ({
            ...step,
            note: revealed.notes[index] ?? step.note,
          })),
        }
      : detail;
  return { shown, isRevealed: shown !== detail, setRevealed };
}
