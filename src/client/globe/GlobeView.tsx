// Placeholder until the globe lands: the real Cesium view replaces this file.
export function GlobeView() {
  return <div className="globe" />;
}
