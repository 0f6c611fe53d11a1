import type { ExpiryGroupDto, ExpiryItemDto } from '../../../shared/domain/expiry.js';
import { expiryInWords } from '../../../shared/domain/expiry.js';

const DAY_MS = 86_400_000;
/** Share of the track kept at the left for what has already expired (it does not fit a days-left scale). */
const EXPIRED_SLOT = 10;
/** Day marks on the axis; today is the edge of the red "expired" slot (a label there would collide with "Expired"). */
const TICKS = [7, 30, 60, 90];

/** Where on the track (percent from the left) an item sits: expired in the left slot, else by days left. */
export function trackPosition(item: Pick<ExpiryItemDto, 'expiresOn'>, now: number, horizonDays: number): number {
  const days = (item.expiresOn - now) / DAY_MS;
  if (days <= 0) return EXPIRED_SLOT / 2;
  return EXPIRED_SLOT + (Math.min(days, horizonDays) / horizonDays) * (100 - EXPIRED_SLOT);
}

/**
 * The chart: one track per vault, under its customer, from "expired" at the left through today to
 * 90 days ahead, each item a marker coloured by its badge. Markers are buttons: choosing one selects
 * the item (its details and its row in the list below). Markers on the same spot are lifted apart so
 * each stays clickable.
 */
export function ExpiryTimeline({ groups, now, horizonDays, selected, onSelect }: { groups: ExpiryGroupDto[]; now: number; horizonDays: number; selected: string | undefined; onSelect(item: ExpiryItemDto): void }) {
  return (
    <div className="expiry-timeline" role="group" aria-label={`Timeline: expired, then today to ${horizonDays} days ahead`}>
      <div className="expiry-axis" aria-hidden="true">
        <span className="expiry-tick expiry-tick-expired">Expired</span>
        {TICKS.map((days) => (
          <span key={days} className={days === horizonDays ? 'expiry-tick expiry-tick-last' : 'expiry-tick'} style={{ left: `${EXPIRED_SLOT + (days / horizonDays) * (100 - EXPIRED_SLOT)}%` }}>
            {`${days} d`}
          </span>
        ))}
      </div>
      {groups.map((group) => (
        <div key={`${group.customer}|${group.tenantId}`} className="expiry-lane-group">
          <div className="expiry-customer">{group.customer}</div>
          {group.vaults.map((vault) => {
            const lifted = new Map<number, number>();
            return (
              <div key={vault.vault} className="expiry-lane">
                <div className="expiry-lane-label">{vault.vaultDisplayName ?? vault.vault}</div>
                <div className="expiry-track">
                  <div className="expiry-track-expired" aria-hidden="true" />
                  {vault.items.map((item) => {
                    const left = trackPosition(item, now, horizonDays);
                    const slot = Math.round(left);
                    const level = lifted.get(slot) ?? 0;
                    lifted.set(slot, level + 1);
                    return (
                      <button
                        key={item.key}
                        type="button"
                        className={`expiry-marker expiry-marker-${item.badge}${item.key === selected ? ' selected' : ''}`}
                        style={{ left: `${left}%`, bottom: `${0.15 + (level % 3) * 0.55}rem` }}
                        aria-label={`${item.name} (${item.kind}, ${vault.vaultDisplayName ?? vault.vault}) ${expiryInWords(item.expiresOn, now)}`}
                        title={`${item.name} — ${expiryInWords(item.expiresOn, now)}`}
                        aria-pressed={item.key === selected}
                        onClick={() => onSelect(item)}
                      />
                    );
                  })}
                </div>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
