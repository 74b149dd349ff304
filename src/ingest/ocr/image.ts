/**
 * Greyscale page images and the few pixel operations OCR needs. Kept in plain typed arrays: the
 * pages are a few million pixels and every operation is one pass, so no image library is needed,
 * and tesseract gets a PGM it can read without any encoder.
 */

/** 8-bit greyscale, row-major, 0 = black, 255 = white. */
export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/** 1 = ink, 0 = paper; same layout as Gray. */
export interface Binary {
  width: number;
  height: number;
  data: Uint8Array;
}

export function gray(width: number, height: number, fill = 255): Gray {
  return { width, height, data: new Uint8Array(width * height).fill(fill) };
}

/**
 * RGBA to grey with red drop-out: official seals (公章) are red and stamped over the signature, and
 * sometimes over text. For reddish pixels the red channel, raised by the redness itself, makes the
 * seal and its fringes (JPEG blurs colour over a few pixels) paper-white, while black ink under the
 * seal (dark in every channel) stays black. Other colours use the usual luminance.
 */
export function fromRGBA(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Gray {
  const out = new Uint8Array(width * height);
  for (let i = 0, j = 0; i < out.length; i++, j += 4) {
    const r = rgba[j];
    const g = rgba[j + 1];
    const b = rgba[j + 2];
    const a = rgba[j + 3];
    // How much redder than it is grey: seal ink, and (after JPEG's colour blur) its fringes.
    const red = r - Math.max(g, b);
    const lum = red > 30 ? Math.min(255, r + red) : (r * 299 + g * 587 + b * 114) / 1000;
    // Transparent pixels (PNG alpha) are paper.
    out[i] = Math.round(255 - ((255 - lum) * a) / 255);
  }
  return { width, height, data: out };
}

/** Otsu's threshold over the histogram: the grey level that best separates ink from paper. */
export function otsu(img: Gray): number {
  const hist = new Float64Array(256);
  for (const v of img.data) hist[v]++;
  const total = img.data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i];
  let sumB = 0;
  let wB = 0;
  let best = 127;
  let bestVar = -1;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t];
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > bestVar) {
      bestVar = between;
      best = t;
    }
  }
  return best;
}

/**
 * Paper and ink levels: the most common bright grey, and the darkest half percent. Scanner tone curves
 * move both (paper is rarely 255), and thresholds for thin rules are set between them.
 */
export function levels(img: Gray): { paper: number; ink: number } {
  const hist = new Float64Array(256);
  for (const v of img.data) hist[v]++;
  let paper = 255;
  for (let v = 255, best = -1; v >= 128; v--) if (hist[v] > best) [best, paper] = [hist[v], v];
  let ink = 0;
  for (let v = 0, n = 0; v < 256; v++) {
    n += hist[v];
    if (n >= 0.005 * img.data.length) {
      ink = v;
      break;
    }
  }
  return { paper, ink: Math.min(ink, paper - 1) };
}

/** Ink where the grey level is at or below `threshold`. */
export function binarize(img: Gray, threshold = otsu(img)): Binary {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = img.data[i] <= threshold ? 1 : 0;
  return { width: img.width, height: img.height, data: out };
}

export function crop(img: Gray, x0: number, y0: number, x1: number, y1: number): Gray {
  const ax = Math.max(0, Math.floor(x0));
  const ay = Math.max(0, Math.floor(y0));
  const bx = Math.min(img.width, Math.ceil(x1));
  const by = Math.min(img.height, Math.ceil(y1));
  const w = Math.max(0, bx - ax);
  const h = Math.max(0, by - ay);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) out.set(img.data.subarray((ay + y) * img.width + ax, (ay + y) * img.width + ax + w), y * w);
  return { width: w, height: h, data: out };
}

/** Bilinear resampling by `factor` (area-averaging would be better for large reductions; OCR only enlarges or slightly reduces). */
export function scale(img: Gray, factor: number): Gray {
  const w = Math.max(1, Math.round(img.width * factor));
  const h = Math.max(1, Math.round(img.height * factor));
  const out = new Uint8Array(w * h);
  const sx = img.width / w;
  const sy = img.height / h;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(img.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(img.height - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(img.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(img.width - 1, x0 + 1);
      const tx = fx - x0;
      const a = img.data[y0 * img.width + x0] * (1 - tx) + img.data[y0 * img.width + x1] * tx;
      const b = img.data[y1 * img.width + x0] * (1 - tx) + img.data[y1 * img.width + x1] * tx;
      out[y * w + x] = Math.round(a * (1 - ty) + b * ty);
    }
  }
  return { width: w, height: h, data: out };
}

/** Rotates about the centre by `degrees` (positive = clockwise on screen), same size, paper-white corners. */
export function rotate(img: Gray, degrees: number): Gray {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h).fill(255);
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      // Inverse mapping: where in the source this output pixel comes from.
      const sx = cos * dx + sin * dy + cx;
      const sy = -sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) continue;
      const tx = sx - x0;
      const ty = sy - y0;
      const i = y0 * w + x0;
      const a = data[i] * (1 - tx) + data[i + 1] * tx;
      const b = data[i + w] * (1 - tx) + data[i + w + 1] * tx;
      out[y * w + x] = Math.round(a * (1 - ty) + b * ty);
    }
  }
  return { width: w, height: h, data: out };
}


/** Adds a white border: tesseract reads glyphs touching the image edge badly. */
export function pad(img: Gray, n: number): Gray {
  const out = gray(img.width + 2 * n, img.height + 2 * n);
  for (let y = 0; y < img.height; y++) out.data.set(img.data.subarray(y * img.width, (y + 1) * img.width), (y + n) * out.width + n);
  return out;
}

/** Binary PGM (P5): leptonica inside tesseract reads it directly, and it costs nothing to write. */
export function toPGM(img: Gray): Uint8Array {
  const header = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'latin1');
  const out = new Uint8Array(header.length + img.data.length);
  out.set(header, 0);
  out.set(img.data, header.length);
  return out;
}

/** A binary image as grey (ink black, paper white): what tesseract gets after our own thresholding. */
export function toGray(bin: Binary): Gray {
  const out = new Uint8Array(bin.data.length);
  for (let i = 0; i < out.length; i++) out[i] = bin.data[i] ? 0 : 255;
  return { width: bin.width, height: bin.height, data: out };
}
