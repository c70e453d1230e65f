/** How an option label and a typed message are compared: "fewer than 50" is the button "Fewer than 50". */
export function normaliseLabel(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
