/** A number as the shortest text that parses back to the same double, keeping the sign of -0. */
export function formatExact(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}
