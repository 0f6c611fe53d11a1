import { useState } from 'react';

/** The root font size in px (16 unless the user changed it), so rem-sized rows stay in step with zoom and font settings. */
export function useRootFontSize(): number {
  const [size] = useState(() => {
    const parsed = parseFloat(getComputedStyle(document.documentElement).fontSize);
    return Number.isFinite(parsed) && parsed > 0 ? parsed : 16;
  });
  return size;
}
