/** Where the assessment goes on the wall: nothing while closed (the top bar's button opens it). */
import { AssessmentPanel } from './AssessmentPanel';
import { useAssessmentStore } from './assessmentStore';

export function AssessmentSlot() {
  const open = useAssessmentStore((state) => state.open);
  const setOpen = useAssessmentStore((state) => state.setOpen);
  if (!open) return null;
  return <AssessmentPanel onClose={() => setOpen(false)} />;
}
