/**
 * "The district's grids or base map may have changed" (an import's commit or rollback here, or
 * one relayed from another node), for what keeps them read ahead: the routes' grids and streets
 * (GridsAndBasemapOnce). Announced once the server's own snapshot has been read again.
 */
export class DistrictChanges {
  private readonly listeners = new Set<() => void>();

  on(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(): void {
    for (const listener of this.listeners) listener();
  }
}
