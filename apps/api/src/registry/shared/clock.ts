/** Where write rules get "now" (epoch ms): injectable so tests can freeze or move time. */
export const CLOCK = Symbol('Clock');
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
