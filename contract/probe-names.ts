/** The diagnostics probes, in report order. Kept free of schemas so the collector process loads fast. */
export const probeNames = ['os', 'hardware', 'browsers', 'dotnet', 'app'] as const;
export type ProbeName = (typeof probeNames)[number];
