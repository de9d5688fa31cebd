/** Nagios keeps the last 21 states of an object: 20 transitions. */
export const FLAP_SAMPLES = 21;

/** Weight of the transition at position x (1 = oldest of 20): 0.75 for the oldest up to 1.25 for the newest. */
export const transitionWeight = (x: number): number => ((x - 1) * (1.25 - 0.75)) / 19 + 0.75;

/** Nagios' percent state change over the last 21 samples: weighted transitions * 100 / 20. */
export function percentStateChange(samples: readonly string[]): number {
  const recent = samples.slice(-FLAP_SAMPLES);
  // Positions count from the oldest of a full window, so the newest transition always weighs 1.25.
  const offset = FLAP_SAMPLES - recent.length;
  let sum = 0;
  for (let i = 1; i < recent.length; i++) if (recent[i] !== recent[i - 1]) sum += transitionWeight(offset + i);
  return (sum * 100) / (FLAP_SAMPLES - 1);
}

/** Flapping starts at >= high, stops at <= low; in between it stays as it was (hysteresis). */
export function nextFlapping(flapping: boolean, percent: number, low: number, high: number): boolean {
  if (!flapping && percent >= high) return true;
  if (flapping && percent <= low) return false;
  return flapping;
}

/** Appends a sample, keeping only the window. */
export const pushSample = (samples: readonly string[], status: string): string[] => [...samples, status].slice(-FLAP_SAMPLES);
