/**
 * The credits in the view's corner: the project's own credit where Cesium puts its ion logo
 * (nothing here uses ion), then the data attributions. Set through Cesium's public credit API:
 * `CreditDisplay.cesiumCredit` and static credits, never by hiding elements.
 */
import { Credit, CreditDisplay, type Viewer } from 'cesium';

export interface GlobeCreditTexts {
  project: string;
  /** One line per data source shown, e.g. the imagery and the generated district. */
  attributions: readonly string[];
}

/** Replaces the credits last set on this viewer; returns what removes them again. */
export function setGlobeCredits(viewer: Viewer, texts: GlobeCreditTexts): () => void {
  // The logo slot is one per page (a static of CreditDisplay): every viewer shows the project.
  CreditDisplay.cesiumCredit = new Credit(escapeHtml(texts.project), true);
  const credits = texts.attributions.map((text) => new Credit(escapeHtml(text), true));
  const display = viewer.creditDisplay;
  for (const credit of credits) display.addStaticCredit(credit);
  viewer.scene.requestRender();
  return () => {
    if (viewer.isDestroyed()) return;
    for (const credit of credits) display.removeStaticCredit(credit);
  };
}

/** Credits take HTML; the texts are plain. */
function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
