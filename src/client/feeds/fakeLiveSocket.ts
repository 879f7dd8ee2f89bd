/**
 * Test-only: just enough of a socket.io client socket for the feed tests — listeners,
 * disconnect, and the server's side (connect, drop, fire). Each test extends it with the
 * acknowledged emits (`timeout().emit`) and `connect` its feed uses.
 */
export type Listener = (...args: unknown[]) => void;

export class FakeLiveSocket {
  connected = false;
  disconnected = false;
  readonly listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
    return this;
  }
  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }
  disconnect(): this {
    this.disconnected = true;
    this.connected = false;
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  serverConnects(): void {
    this.connected = true;
    this.fire('connect');
  }
  serverDrops(): void {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  listenerCount(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
}
