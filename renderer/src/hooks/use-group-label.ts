import { groupLabeller } from '../state/group-lookup.js';
import { useApp } from '../state/services-context.js';

/**
 * The window's group labeller (see `groupLabeller`): with two accounts signed in, every place that
 * names a group — cards, pickers, progress lines, active access — also says which tenant it is in.
 */
export function useGroupLabel(): ReturnType<typeof groupLabeller> {
  const accounts = useApp((s) => s.state?.accounts);
  const tenants = useApp((s) => s.state?.tenants);
  return groupLabeller(accounts ?? [], tenants ?? []);
}
