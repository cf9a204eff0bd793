/** A duration as people read it in a status table: "45 s", "12 min", "3.5 h", "4.2 days". */
export function formatSeconds(seconds: number): string {
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? "-" : "";
  if (s < 600) return `${sign}${Math.round(s)} s`;
  if (s < 7200) return `${sign}${Math.round(s / 60)} min`;
  if (s < 172_800) return `${sign}${(s / 3600).toFixed(1)} h`;
  return `${sign}${(s / 86_400).toFixed(1)} days`;
}
