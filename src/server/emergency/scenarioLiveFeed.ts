/**
 * The active scenario on /live: every connected screen is registered with the ScenarioHub under
 * its user's scopes and gets EMERGENCY_SCENARIO_EVENT at once when a scenario is active, then on
 * every change and on the end. The other feeds' handlers on the same namespace are left alone.
 */
import type { Namespace, Socket } from 'socket.io';
import { EMERGENCY_SCENARIO_EVENT } from '../../shared/emergencyScenario';
import type { SocketData } from '../socket/attachSocketGateway';
import type { ScenarioHub } from './scenarioHub';

export function attachScenarioLiveFeed(live: Namespace, hub: ScenarioHub): () => void {
  function onConnection(socket: Socket): void {
    const { user } = socket.data as Partial<SocketData>;
    if (user === undefined) return;
    hub.addScreen(socket.id, { username: user.username, scopes: user.scopes }, (push) =>
      socket.emit(EMERGENCY_SCENARIO_EVENT, push),
    );
    socket.on('disconnect', () => hub.removeScreen(socket.id));
  }
  live.on('connection', onConnection);
  return () => live.off('connection', onConnection);
}
