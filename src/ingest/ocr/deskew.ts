/**
 * Deskew: a scanned page is usually turned by a fraction of a degree. Table rules then drift by
 * several pixels across the page, which breaks line detection and cell cropping. The angle is the
 * one at which the ink's horizontal projection is sharpest (rules and text lines line up into
 * narrow peaks); only small angles (±2°) are searched, as the issue asks: larger turns are not
 * scanner skew but a page placed sideways, which is not handled here.
 */
import { binarize, rotate, type Binary, type Gray } from './image.js';

const MAX_ANGLE = 2;
/** Below this the correction would move nothing by more than about a pixel across a page. */
const MIN_CORRECTION = 0.05;

/** Skew in degrees (positive: the content is turned clockwise). */
function estimateSkew(bin: Binary): number {
  // Ink pixels, subsampled: a few hundred thousand points are plenty for a 0.02° estimate.
  const xs: number[] = [];
  const ys: number[] = [];
  const step = Math.max(1, Math.round(Math.sqrt((bin.width * bin.height) / 4e6)));
  for (let y = 0; y < bin.height; y += step) {
    const row = y * bin.width;
    for (let x = 0; x < bin.width; x += step) {
      if (bin.data[row + x]) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 100) return 0;
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    const hist = new Float64Array(bin.height + bin.width + 2);
    const offset = bin.width;
    for (let i = 0; i < xs.length; i++) {
      const r = Math.round(ys[i] - xs[i] * t) + offset;
      if (r >= 0 && r < hist.length) hist[r]++;
    }
    let s = 0;
    for (const v of hist) s += v * v;
    return s;
  };
  let best = 0;
  let bestScore = -1;
  for (let d = -MAX_ANGLE; d <= MAX_ANGLE + 1e-9; d += 0.1) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  const coarse = best;
  for (let d = coarse - 0.1; d <= coarse + 0.1 + 1e-9; d += 0.02) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  return Math.round(best * 100) / 100;
}

/** The page turned upright, with the angle that was corrected. */
export function deskew(img: Gray, threshold?: number): { img: Gray; angle: number } {
  const angle = estimateSkew(binarize(img, threshold));
  if (Math.abs(angle) < MIN_CORRECTION) return { img, angle: 0 };
  return { img: rotate(img, -angle), angle };
}
