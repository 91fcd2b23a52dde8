/**
 * Brings a name -> registration map in line with the wanted names: removes the ones no longer
 * wanted, refreshes the ones kept, adds the new ones. Used to follow catalog changes.
 */
export function syncByName<T>(
  current: Map<string, T>,
  wanted: readonly string[],
  hooks: { add: (name: string) => T; refresh: (name: string, registered: T) => void; remove: (registered: T) => void },
): void {
  const keep = new Set(wanted);
  for (const [name, registered] of current) {
    if (keep.has(name)) continue;
    hooks.remove(registered);
    current.delete(name);
  }
  for (const name of wanted) {
    const registered = current.get(name);
    if (registered) hooks.refresh(name, registered);
    else current.set(name, hooks.add(name));
  }
}
