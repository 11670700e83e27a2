/** One colour per `data.type`, the same in the nodes, the minimap and the legend. */
const KNOWN: Record<string, string> = {
  image: '#3b82f6',
  classification: '#16a34a',
  bbox: '#f59e0b',
  label: '#16a34a',
  mask: '#a855f7',
  crop: '#06b6d4',
  video: '#ef4444',
  frame: '#0ea5e9',
};
const PALETTE = ['#8b5cf6', '#ec4899', '#14b8a6', '#f97316', '#84cc16', '#6366f1', '#d946ef', '#0891b2'];
/** Registry payloads and other untyped datums. */
export const UNTYPED_COLOUR = '#8a939c';

export function typeColour(type: string | null): string {
  if (type === null) return UNTYPED_COLOUR;
  if (KNOWN[type]) return KNOWN[type];
  let h = 0;
  for (let i = 0; i < type.length; i++) h = (h * 31 + type.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}
