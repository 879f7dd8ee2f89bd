/**
 * The hotline operator's screen (12345 / 96005, decision 0026): taking a call beside the
 * call-back list of closed cases. It shows no register and no wall: an operator reads only what
 * the call needs (addresses, duplicates, their own cases' outcomes).
 */
import { CallbackList } from './CallbackList';
import { TakeCallForm } from './TakeCallForm';
import './hotline.css';

export function HotlineDesk() {
  return (
    <div className="hotline-desk" data-testid="hotline-desk">
      <TakeCallForm />
      <CallbackList />
    </div>
  );
}
