/**
 * Directory object ids (users, groups) are GUIDs that Entra and Graph compare case-insensitively,
 * and settings may spell them in either case. They are lower-cased once, where they enter — the
 * settings schema and here, for everything Graph answers — so the rest of the app compares them
 * with `===`. Request, instance and approval ids are left as Graph wrote them: they go back into
 * URLs and are not compared with settings.
 */
export function lowerGraphIds<T>(value: T): T {
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const lowered: Record<string, unknown> = { ...object };
  for (const key of ['groupId', 'principalId'] as const) if (typeof object[key] === 'string') lowered[key] = (object[key] as string).toLowerCase();
  for (const key of ['group', 'principal'] as const) {
    const nested = object[key] as { id?: unknown } | null | undefined;
    if (nested && typeof nested.id === 'string') lowered[key] = { ...nested, id: nested.id.toLowerCase() };
  }
  return lowered as T;
}
