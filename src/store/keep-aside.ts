import { rename } from 'node:fs/promises';

/**
 * Moves a damaged file out of the way, so that nothing ever overwrites it and an operator can
 * inspect it. Returns where it went, or null when it could not be moved.
 */
export async function keepAside(file: string, now = new Date()): Promise<string | null> {
  const aside = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, aside);
    return aside;
  } catch {
    return null;
  }
}
