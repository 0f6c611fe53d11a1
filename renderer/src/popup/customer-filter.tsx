import { useSearch, useServices } from '../state/services-context.js';

/**
 * "Which customer?" beside the result count: an MSP engineer working for one customer sees only that
 * customer's items (the vault's `customer` label), so Fabrikam's password is not one arrow key away
 * while fixing Contoso. Shown once the catalog is in the window and holds two customers or more.
 */
export function CustomerFilter() {
  const { search, catalog } = useServices();
  const customer = useSearch((s) => s.customer);
  // Re-read the labels whenever the rows change (a listing added a vault's items).
  useSearch((s) => s.rows);
  const customers = catalog.ready ? catalog.customers() : [];
  if (customers.length < 2 && customer === null) return null;
  // Toggle buttons, not a <select>: its <option>s would join the result list's options for
  // assistive technology (and for every test that counts the results by role).
  const choices: { label: string; value: string | null }[] = [{ label: 'All', value: null }, ...customers.map((name) => ({ label: name, value: name }))];
  return (
    <div className="customer-filter" role="group" aria-label="Customer">
      {choices.map((choice) => (
        <button key={choice.label} type="button" aria-pressed={customer === choice.value} onClick={() => search.getState().setCustomer(choice.value)}>
          {choice.label}
        </button>
      ))}
    </div>
  );
}
